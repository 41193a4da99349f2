// Where the exchanges' documentation fixtures live: $CEX_FIXTURES_DIR, else ../shared/fixtures beside the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const fixturesDir: string = process.env.CEX_FIXTURES_DIR
  ? resolve(process.env.CEX_FIXTURES_DIR)
  : resolve(projectRoot, '..', 'shared', 'fixtures');

export function fixturePath(relative: string): string {
  const path = join(fixturesDir, relative);
  if (!existsSync(path)) throw new Error(`fixture not found: ${path} (set CEX_FIXTURES_DIR to the fixtures folder)`);
  return path;
}

export function readFixture<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(fixturePath(relative), 'utf8')) as T;
}
