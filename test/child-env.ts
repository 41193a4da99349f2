// Environment for child processes that tests start. Node propagates NODE_V8_COVERAGE to children whatever
// `env` says, and c8 merges a child's partial run of the same modules badly (it under-reports the test
// process's coverage), so children write their coverage to a throwaway folder instead.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.NODE_V8_COVERAGE) env.NODE_V8_COVERAGE = mkdtempSync(join(tmpdir(), 'cex-child-coverage-'));
  return env;
}
