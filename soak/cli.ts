// `npm run soak -- [--seconds N | --minutes N] [--symbols N] [--users N] [--seed N] [--sim child|in-process]`:
// the system soak with faults (soak/system-soak.ts). The simulator runs in a child process by default, so the
// figures are the system's own. Prints a summary table and exits 1 when anything was lost or duplicated, a
// book or an order state was wrong, an error went unhandled or a secret reached a log record.
import { parseArgs } from 'node:util';
import { runSystemSoak, type SoakOptions, type SoakReport } from './system-soak.js';

function options(): SoakOptions {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      minutes: { type: 'string' },
      symbols: { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      sim: { type: 'string' },
      'history-mb': { type: 'string' },
      'heap-snapshot': { type: 'string' },
    },
    strict: true,
  });
  const int = (value: string | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got '${value}'`);
    return n;
  };
  const seconds = values.minutes !== undefined ? int(values.minutes, 'minutes', 1) * 60 : int(values.seconds, 'seconds', 60);
  const where = values.sim ?? 'child';
  if (where !== 'child' && where !== 'in-process') throw new Error(`--sim must be 'child' or 'in-process', got '${where}'`);
  return {
    seconds,
    symbols: int(values.symbols, 'symbols', 20),
    users: int(values.users, 'users', 20),
    seed: int(values.seed, 'seed', 1),
    simProcess: where === 'child',
    heapSnapshot: values['heap-snapshot'],
    historyBytes: values['history-mb'] === undefined ? undefined : int(values['history-mb'], 'history-mb', 0) * 1024 * 1024,
  };
}

export function summary(report: SoakReport): string {
  const row = (name: string, value: string): string => `${name.padEnd(34)} ${value}`;
  const faults = Object.entries(report.faults).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `system soak: ${report.seconds} s, ${report.symbols} symbols, ${report.users} users`,
    row('faults injected', faults),
    row('recoveries', `reconnects ${report.recoveries.reconnects}, renewals ${report.recoveries.renewals}, resyncs ${report.recoveries.resyncs}, backfills ${report.recoveries.backfills}`),
    row('max recovery time', `${report.maxRecoveryMs} ms`),
    row('trades (delivered / lost / duplicated)', `${report.trades.delivered} / ${report.trades.lost} / ${report.trades.duplicated}`),
    row('fills (delivered / lost / duplicated)', `${report.fills.delivered} / ${report.fills.lost} / ${report.fills.duplicated}`),
    row('order final states (checked / wrong)', `${report.orders.checked} / ${report.orders.wrong}`),
    row('books vs simulator (checked / wrong)', `${report.books.checked} / ${report.books.wrong}`),
    row('unhandled errors', String(report.unhandled)),
    row('heap after warm-up -> end', `${report.heap.warmMb} MB -> ${report.heap.endMb} MB (${report.heap.growthPct} %)`),
    row('heap samples (every tenth of the run)', `${report.heap.samplesMb.join(', ')} MB; code space ${report.heap.codeMb.warm} -> ${report.heap.codeMb.end} MB`),
    report.rss.simulator === 'child-process'
      ? row('RSS peak / end (system alone)', `${report.rss.peakMb} MB / ${report.rss.endMb} MB (external ${report.rss.externalMb} MB; simulator process: ${report.rss.simulatorMb} MB)`)
      : row('RSS peak / end (simulator included)', `${report.rss.peakMb} MB / ${report.rss.endMb} MB`),
    row('secrets in log records', String(report.secretsInLogs)),
    row('CPU (% of one core)', report.rss.simulator === 'child-process' ? `system ${report.cpu.systemPct} %, simulator ${report.cpu.simulatorPct} %` : `${report.cpu.systemPct} % (simulator included)`),
    ...report.problems.slice(0, 20).map((p) => `  problem: ${p}`),
    report.ok ? 'PASS: nothing lost or duplicated' : 'FAIL',
  ].join('\n');
}

runSystemSoak(options()).then(
  (report) => {
    process.stdout.write(`${summary(report)}\n`);
    process.exit(report.ok ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
