// Running the `cex-actors` command in a child process, as a user would: with only the environment given
// (no CEX_* from the shell running the tests), collecting stdout and stderr, killed after `timeoutMs`.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.js';

export const root = resolve(fileURLToPath(import.meta.url), '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function userEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = childEnv();
  for (const name of Object.keys(base)) if (name.startsWith('CEX_')) delete base[name];
  return { ...base, ...env };
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<CliRun> {
  return runProcess(process.execPath, [join(root, 'bin/cex-actors.js'), ...args], { cwd: root, env: userEnv(env), timeoutMs });
}

/** Any command to completion, collecting its output; killed after `timeoutMs`. */
export function runProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}
