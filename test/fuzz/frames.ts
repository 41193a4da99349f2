// npm run fuzz [-- --frames 100000 --seed 1]: the client fuzz at full size. The market codec and the user-data
// parser each over `frames` mutated frames, then the market connection actor over a hostile socket with the same
// number; prints what each counted and how long it took. Exits 1 when a check fails.
import { parseArgs } from 'node:util';
import { binanceSpotMarket } from '../../lib/exchanges/binance/market-codec.js';
import { binanceSpotTrading } from '../../lib/exchanges/binance/trading-codec.js';
import { configureLogger } from '../../lib/log.js';
import { FrameMutator, marketPayloads, userPayloads } from './frame-mutator.js';
import { runMarketFuzz } from './market-fuzz.js';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } } });
const frames = Number(values.frames);
const seed = Number(values.seed);
if (!Number.isSafeInteger(frames) || frames < 1 || !Number.isSafeInteger(seed)) throw new Error('usage: --frames N --seed N (integers)');
configureLogger({ level: 'error', format: 'json' });

const failures: string[] = [];
const check = (ok: boolean, what: string): void => void (ok || failures.push(what));
const tally = (counts: Map<string, number>): Record<string, number> => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));

function parserRun(name: string, payloads: ReturnType<typeof marketPayloads>, parse: (text: string) => string): void {
  const mutator = new FrameMutator(seed, payloads);
  const kinds = new Map<string, number>();
  let threw = 0;
  let notMalformed = 0;
  const started = performance.now();
  for (let i = 0; i < frames; i++) {
    const frame = mutator.next();
    let kind: string;
    try {
      kind = parse(frame.text);
    } catch {
      threw += 1;
      continue;
    }
    if (frame.mustBeMalformed && kind !== 'malformed') notMalformed += 1;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const ms = Math.round(performance.now() - started);
  console.log(JSON.stringify({ run: name, frames, seed, ms, threw, notMalformed, kinds: tally(kinds) }));
  check(threw === 0, `${name}: ${threw} frames threw`);
  check(notMalformed === 0, `${name}: ${notMalformed} non-JSON frames not called malformed`);
}

const toUnified = (venueSymbol: string): string => {
  if (venueSymbol.toUpperCase() === 'BTCUSDT') return 'BTC/USDT';
  throw new Error(`unlisted ${venueSymbol}`);
};
parserRun('parseFrame', marketPayloads(), (text) => binanceSpotMarket.parseFrame(text).kind);
parserRun('parseUserFrame', userPayloads(), (text) => binanceSpotTrading.parseUserFrame(text, toUnified).kind);

const started = Date.now();
const socket = await runMarketFuzz(frames, seed, 300_000);
console.log(
  JSON.stringify({
    run: 'market connection over a socket',
    frames: socket.plan.frames.length,
    seed,
    ms: socket.elapsedMs,
    totalMs: Date.now() - started,
    malformed: { expected: socket.plan.malformed, counted: socket.malformedCounted },
    unknown: { expected: socket.plan.unknown, counted: socket.unknownCounted },
    shutdownNoticesLeftOut: socket.plan.shutdownsLeftOut,
    crashes: socket.crashes,
    reconnects: socket.reconnects,
    validTradesAfter: socket.validTrades.length,
    mutations: socket.plan.mutations,
  }),
);
check(socket.malformedCounted === socket.plan.malformed, 'socket: malformed count differs');
check(socket.unknownCounted === socket.plan.unknown, 'socket: unknown count differs');
check(socket.crashes === 0 && socket.reconnects === 0, 'socket: a crash or a reconnect');
check(socket.validTrades.length === 5, 'socket: valid trades after the junk missing');

if (failures.length > 0) {
  console.error(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('ok');
process.exit(0);
