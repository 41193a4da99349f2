#!/usr/bin/env node
// The `cex-actors` command. Uses the built CLI when dist/ exists (a packed install); otherwise runs the
// TypeScript sources through tsx, so it works on a fresh clone right after `npm install`, with no build step.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin/cli.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
