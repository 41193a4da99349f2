#!/usr/bin/env node
// The `cex-actors` command. In a checkout it runs the TypeScript sources through tsx, so it works on a fresh
// clone right after `npm install` with no build step; a packed install has no sources and uses dist/.
import { existsSync } from 'node:fs';

if (existsSync(new URL('./cli.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
} else {
  await import(new URL('../dist/bin/cli.js', import.meta.url).href);
}
