// `npm run bench` (tsx bench/runtime.ts [--quick] [--verbose]): our runtime and pub/sub beside bare
// nact 7.6.2 in the same run. Prints a PASS/FAIL line for behaviour 34 (10,000 children must not cut a
// supervisor's message throughput by more than 2x vs 10). Results are recorded in docs/benchmarks.md.
import { availableParallelism, cpus } from 'node:os';
import { logger } from '../lib/log.js';
import { formatRate, formatUs } from './measure.js';
import * as bare from './nact-bare.js';
import * as ours from './ours.js';

const quick = process.argv.includes('--quick');
// The restart storm logs one error per failed restart; the figures are what matters here.
if (!process.argv.includes('--verbose')) logger.silent = true;

const sizes = quick
  ? { dispatch: 200_000, asks: 5_000, askWarmup: 1_000, toOne: 50_000, manySubs: 1_000, toMany: 100, callbacks: 200, supMessages: 50_000, restarts: 20, stormMs: 300, nactBigParent: 200, nactSmallParent: 50_000, nactStorm: 20_000 }
  : { dispatch: 1_000_000, asks: 20_000, askWarmup: 2_000, toOne: 200_000, manySubs: 1_000, toMany: 500, callbacks: 1_000, supMessages: 200_000, restarts: 50, stormMs: 1_000, nactBigParent: 500, nactSmallParent: 100_000, nactStorm: 100_000 };
const SMALL = 10;
const BIG = 10_000;

function row(name: string, ourFigure: string, nactFigure: string): void {
  process.stdout.write(`${name.padEnd(64)} ${ourFigure.padStart(22)} ${nactFigure.padStart(22)}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write(`cex-actors runtime benchmark${quick ? ' (--quick)' : ''}\n`);
  process.stdout.write(`node ${process.version}, ${availableParallelism()} cpus (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}/${process.arch}\n\n`);
  row('scenario', 'ours', 'bare nact 7.6.2');
  row('-'.repeat(64), '-'.repeat(22), '-'.repeat(22));

  const dOurs = await ours.dispatchThroughput(sizes.dispatch);
  const dNact = await bare.dispatchThroughput(sizes.dispatch);
  row(`dispatch, ${formatRate(sizes.dispatch)} msgs to one actor (end to end)`, `${formatRate(dOurs)} msg/s`, `${formatRate(dNact)} msg/s`);

  const aOurs = await ours.askLatency(sizes.asks, sizes.askWarmup);
  const aNact = await bare.queryLatency(sizes.asks, sizes.askWarmup);
  row(`ask / query latency p50 (${formatRate(sizes.asks)} sequential)`, formatUs(aOurs.p50Ms), formatUs(aNact.p50Ms));
  row('ask / query latency p99', formatUs(aOurs.p99Ms), formatUs(aNact.p99Ms));
  row('ask / query latency p99.9', formatUs(aOurs.p999Ms), formatUs(aNact.p999Ms));
  row('ask / query latency max', formatUs(aOurs.maxMs), formatUs(aNact.maxMs));
  row('ask / query latency mean', formatUs(aOurs.meanMs), formatUs(aNact.meanMs));
  row('ask / query sequential rate', `${formatRate(aOurs.perSecond)} /s`, `${formatRate(aNact.perSecond)} /s`);

  const one = await ours.broadcastToActors(1, sizes.toOne);
  row(`broadcast to 1 actor subscriber (${formatRate(sizes.toOne)} events)`, `${formatRate(one.deliveriesPerSecond)} deliv/s`, 'n/a (no pub/sub)');
  row('  publisher side only', `${formatRate(one.publishPerSecond)} bcast/s`, '');
  const many = await ours.broadcastToActors(sizes.manySubs, sizes.toMany);
  row(`broadcast to ${formatRate(sizes.manySubs)} actor subscribers (${sizes.toMany} events)`, `${formatRate(many.deliveriesPerSecond)} deliv/s`, 'n/a (no pub/sub)');
  row('  publisher side only', `${formatRate(many.publishPerSecond)} bcast/s`, '');
  const cb = await ours.broadcastToCallbacks(sizes.manySubs, sizes.callbacks);
  row(`broadcast to ${formatRate(sizes.manySubs)} callback subscribers`, `${formatRate(cb)} deliv/s`, 'n/a (no pub/sub)');

  const supSmall = await ours.supervisorWith(SMALL, sizes.supMessages, sizes.restarts);
  const supBig = await ours.supervisorWith(BIG, sizes.supMessages, sizes.restarts);
  const nactSmall = await bare.parentWith(SMALL, sizes.nactSmallParent, sizes.supMessages);
  const nactBig = await bare.parentWith(BIG, sizes.nactBigParent, sizes.supMessages);
  for (const [s, n] of [
    [supSmall, nactSmall],
    [supBig, nactBig],
  ] as const) {
    const label = `${formatRate(s.children)} children`;
    row(`spawn ${label}`, `${formatRate(s.spawnPerSecond)} /s`, `${formatRate(n.spawnPerSecond)} /s`);
    row(`  msgs to the supervisor (ours: its 1st child; nact: parent)`, `${formatRate(s.childMessagesPerSecond)} msg/s`, `${formatRate(n.parentMessagesPerSecond)} msg/s`);
    row(`  msgs round-robin over 10 children (nact: to one child)`, `${formatRate(s.roundRobinPerSecond)} msg/s`, `${formatRate(n.childMessagesPerSecond)} msg/s`);
    row(`  restart one crashed child (oneForOne), mean`, `${s.restartMs.toFixed(2)} ms`, 'n/a');
  }

  const stormOurs = await ours.restartStorm(sizes.stormMs);
  const stormNact = await bare.restartStorm(sizes.nactStorm);
  row('restart storm: failed restarts', `${formatRate(stormOurs.restarts)} in ${stormOurs.ms.toFixed(0)} ms`, `${formatRate(stormNact.restarts)} in ${stormNact.ms.toFixed(0)} ms`);
  row('  1 ms interval ticks during the storm', `${stormOurs.ticks} (${formatRate((stormOurs.ticks * 1000) / stormOurs.ms)}/s)`, `${stormNact.ticks} (${formatRate((stormNact.ticks * 1000) / stormNact.ms)}/s)`);

  const ratioOne = supSmall.childMessagesPerSecond / supBig.childMessagesPerSecond;
  const ratioRing = supSmall.roundRobinPerSecond / supBig.roundRobinPerSecond;
  const ratio = Math.max(ratioOne, ratioRing);
  const nactRatio = nactSmall.parentMessagesPerSecond / nactBig.parentMessagesPerSecond;
  const verdict = ratio <= 2 ? 'PASS' : 'FAIL';
  process.stdout.write(
    `\nbehaviour 34: ${verdict} - ${SMALL} -> ${formatRate(BIG)} children cuts our throughput by ${ratio.toFixed(2)}x (limit 2x); bare nact parent: ${nactRatio.toFixed(1)}x\n`,
  );
  const storm = stormOurs.ticks >= stormOurs.ms / 4 ? 'PASS' : 'FAIL';
  process.stdout.write(`restart storm: ${storm} - the event loop kept running (${stormOurs.ticks} ticks in ${stormOurs.ms.toFixed(0)} ms)\n`);
  process.stdout.write(`total ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (verdict === 'FAIL' || storm === 'FAIL') process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
