#!/usr/bin/env node
// The `cex-actors` command. Runs the TypeScript CLI through tsx so it works on a fresh clone, no build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
