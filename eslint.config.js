// Lint config: typescript-eslint's recommended rules over the TypeScript sources, plus the layers of DESIGN.md
// section 1 as import rules: config/ and lib/ import no layer above them, actors/ and sim/ not each other, nothing
// imports bin/, and only the runtime's engine adapter imports nact.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NACT_ENGINE = 'actors/runtime/nact-engine.ts';
// The benchmark's baseline measures bare nact on purpose.
const NACT_ALLOWED = [NACT_ENGINE, 'bench/nact-bare.ts'];

/** no-restricted-imports for a layer: it may not import `forbidden` folders (by relative path), nor nact. */
function layer(forbidden, { nact = false } = {}) {
  const patterns = forbidden.map((folder) => ({
    group: [`**/${folder}/*`, `**/${folder}/**`, `./${folder}/*`],
    message: `this layer may not import ${folder}/ (DESIGN.md section 1: layers, data flows one way).`,
  }));
  const paths = nact ? [] : [{ name: 'nact', message: `only ${NACT_ENGINE} imports nact (DESIGN.md section 3).` }];
  if (!nact) patterns.push({ group: ['nact/*'], message: `only ${NACT_ENGINE} imports nact.` });
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.scratch*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['lib/**/*.ts', 'actors/**/*.ts', 'sim/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  // Flat config does not merge one rule's options across blocks: each file matches exactly one block below.
  { files: ['**/*.ts'], ignores: ['lib/**', 'config/**', 'actors/**', 'sim/**', ...NACT_ALLOWED], rules: { 'no-restricted-imports': layer([]) } },
  { files: ['config/**/*.ts'], rules: { 'no-restricted-imports': layer(['actors', 'sim', 'bin']) } },
  { files: ['lib/**/*.ts'], rules: { 'no-restricted-imports': layer(['config', 'actors', 'sim', 'bin']) } },
  { files: ['actors/**/*.ts'], ignores: [NACT_ENGINE], rules: { 'no-restricted-imports': layer(['sim', 'bin']) } },
  { files: [NACT_ENGINE], rules: { 'no-restricted-imports': layer(['sim', 'bin'], { nact: true }) } },
  { files: ['sim/**/*.ts'], rules: { 'no-restricted-imports': layer(['actors', 'bin']) } },
);
