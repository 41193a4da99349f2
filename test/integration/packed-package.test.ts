// The package as a consumer gets it (issue 9): `npm pack` (prepack builds dist/), install the tarball into an
// empty project, and use it there with plain `node` — no TypeScript runner at run time, only dist/. The consumer
// script (test/package/consumer.mjs) uses every `exports` entry, starts the whole system on the embedded
// simulator, reads a book and places and cancels an order; the packed bin answers --version and --help; the
// declarations type-check in a strict TypeScript project; and dist/ imports nothing but dependencies.
// Packing rebuilds this checkout's dist/ (git-ignored). The install needs the npm registry (or npm's cache).
import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.js';
import { runProcess, type CliRun } from '../cli-run.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

type Run = CliRun;

/**
 * A consumer's environment: none of the CEX_* settings, NODE_OPTIONS (a loader such as tsx) or npm lifecycle
 * variables of the shell or `npm test` running this suite; npm's own configuration (registry, cache) stays.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const env = childEnv();
  for (const name of Object.keys(env)) {
    if (name.startsWith('CEX_') || name.startsWith('npm_package_') || name.startsWith('npm_lifecycle_')) delete env[name];
  }
  for (const name of ['NODE_OPTIONS', 'npm_config_local_prefix', 'npm_command', 'INIT_CWD']) delete env[name];
  return env;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return runProcess(command, args, { cwd, env: consumerEnv(), timeoutMs });
}

async function succeed(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs);
  expect(result.code, `${command} ${args.join(' ')} exit code\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`).to.equal(0);
  return result.stdout;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** The package a bare import specifier names: `ws`, `@scope/name`, ... */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the packed package, installed into an empty project', function () {
  this.timeout(60_000);
  const work = mkdtempSync(join(tmpdir(), 'cex-packed-'));
  const app = join(work, 'app');
  const installed = join(app, 'node_modules', 'cex-actors');
  const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

  before(async function () {
    this.timeout(150_000);
    await succeed('npm', ['pack', '--silent', '--pack-destination', work], root, 120_000);
    const tarballs = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    expect(tarballs, 'one tarball').to.have.length(1);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'cex-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    // @types/node and @types/ws are what a TypeScript consumer adds (the simulator's declarations name ws
    // types); plain JS needs only the tarball.
    const typesNode = ours.devDependencies['@types/node']!;
    const typesWs = ours.devDependencies['@types/ws']!;
    await succeed('npm', ['install', join(work, tarballs[0]!), `@types/node@${typesNode}`, `@types/ws@${typesWs}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app, 120_000);
    copyFileSync(join(root, 'test/package/consumer.mjs'), join(app, 'consumer.mjs'));
    copyFileSync(join(root, 'test/package/consumer-types.ts'), join(app, 'consumer-types.ts'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ships dist/ and the bin, no TypeScript sources, and installs no TypeScript runner', () => {
    const files = filesUnder(installed);
    expect(files).to.include.members(['package.json', 'bin/cex-actors.js', 'dist/index.js', 'dist/index.d.ts', 'dist/bin/cli.js', 'dist/sim/index.js', 'dist/actors/runtime/index.js', 'dist/config/defaults.json']);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')), 'TypeScript sources').to.deep.equal([]);
    expect(files.filter((file) => !/^(dist\/|bin\/cex-actors\.js$|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(file)), 'files outside dist/').to.deep.equal([]);
    for (const dev of ['tsx', 'typescript', 'mocha', 'esbuild']) expect(existsSync(join(app, 'node_modules', dev)), `${dev} installed`).to.equal(false);
  });

  it('imports nothing in dist/ but Node built-ins and its dependencies', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of filesUnder(join(installed, 'dist')).filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(join(installed, 'dist', file), 'utf8');
      for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
        const specifier = match[1]!;
        if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !builtins.has(specifier)) imported.add(packageOf(specifier));
      }
    }
    expect([...imported].sort(), 'packages dist/ imports').to.deep.equal(Object.keys(ours.dependencies).sort());
  });

  it('runs a consumer script with plain node: the system on the embedded simulator, a book, an order placed and canceled', async () => {
    const stdout = await succeed(process.execPath, ['consumer.mjs'], app, 45_000);
    const lines = stdout.split('\n').filter((line) => line.length > 0);
    const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(summary).to.deep.equal({
      counter: 2,
      sameRuntime: true,
      simulatorAccounts: summary.simulatorAccounts,
      defaults: { restUrl: 'https://api.binance.com', seed: 42 },
      book: { type: 'book', symbol: 'BTC/USDT', bidIsDecimal: true, bids: (summary.book as { bids: number }).bids, asks: (summary.book as { asks: number }).asks },
      order: { placed: 'NEW', canceled: 'CANCELED', price: (summary.order as { price: string }).price, quantity: '0.001', sameId: true },
      users: ['demo'],
      stopped: true,
    });
    expect(summary.simulatorAccounts).to.be.a('number').above(0);
    expect((summary.book as { bids: number }).bids).to.be.above(0);
    expect((summary.book as { asks: number }).asks).to.be.above(0);
    expect((summary.order as { price: string }).price).to.match(/^\d+(\.\d{1,2})?$/);
  });

  it('runs the bin from dist/: npx cex-actors --version and --help', async () => {
    // --no: never fetch a package of that name from the registry; the installed bin must answer.
    expect(await succeed('npx', ['--no', '--', 'cex-actors', '--version'], app, 20_000)).to.equal(`${ours.version}\n`);
    const help = await succeed('npx', ['--no', '--', 'cex-actors', '--help'], app, 20_000);
    expect(help).to.match(/^Usage: cex-actors <command> \[options\]/);
    for (const command of ['sim', 'start', 'watch', 'order']) expect(help).to.contain(`\n  ${command} `);
  });

  it('type-checks a strict TypeScript consumer against the declarations of every entry (no skipLibCheck)', async () => {
    const tsconfig = { compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false }, files: ['consumer-types.ts'] };
    writeFileSync(join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    // This checkout's compiler (a devDependency), run in the consumer's project: types resolve from its node_modules.
    await succeed(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app, 45_000);
  });
});
