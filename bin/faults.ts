// `npm start -- --faults`: a random fault into the embedded simulator every 4-7 s, so a person can watch
// the supervisors recover (reconnects, resyncs, renewals, backfills, reconciliations on the screen).
import type { RunningSimulator } from '../sim/index.js';

export function startFaults(sim: RunningSimulator, symbols: readonly string[], note: (text: string) => void): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let step = 0;
  const venue = (symbol: string): string => symbol.replace('/', '');
  const faults: ((sym: string) => string)[] = [
    () => `dropped ${sim.faults.dropConnections({ target: 'streams' })} market connection(s)`,
    (sym) => (sim.faults.skipDepthUpdates(venue(sym), 1), `skipped a depth update of ${sym}`),
    () => (sim.faults.serverShutdown({ target: 'streams', closeAfterMs: 2000 }), 'sent serverShutdown to the market streams'),
    () => {
      sim.faults.stallConnections({ target: 'streams' });
      setTimeout(() => sim.faults.resumeConnections({ target: 'streams' }), 3000).unref();
      return 'stalled the market streams for 3 s';
    },
    () => (sim.faults.rateLimit({ status: 429, durationMs: 1500 }), 'REST answers 429 for 1.5 s'),
    () => `expired ${sim.faults.expireUserDataStreams()} user-data subscription(s)`,
    () => `dropped ${sim.faults.dropConnections({ target: 'wsApi' })} user-data connection(s)`,
  ];
  const next = (): void => {
    timer = setTimeout(() => {
      const fault = faults[step % faults.length]!;
      const symbol = symbols[step % Math.max(1, symbols.length)] ?? 'BTC/USDT';
      step += 1;
      try {
        note(`fault: ${fault(symbol)}`);
      } catch (error) {
        note(`fault failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      next();
    }, 4000 + ((step * 1237) % 3000));
  };
  next();
  return { stop: () => timer && clearTimeout(timer) };
}
