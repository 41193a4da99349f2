// The soak's simulator in a process of its own (soak/soak-sim.ts `simInChild`): the first request starts
// it, every later one is a SimHost request; the process ends when its parent disconnects.
import { configureLogger } from '../lib/log.js';
import { SimHost } from './soak-sim.js';
import type { SimulatorOptions } from '../sim/index.js';

interface Request {
  readonly id: number;
  readonly op: string;
  readonly args: unknown[];
}

let host: SimHost | undefined;
configureLogger({ level: 'warn', format: 'json' });

async function answer(request: Request): Promise<unknown> {
  if (request.op === 'start') {
    if (host) throw new Error('already started');
    host = await SimHost.start(request.args[0] as SimulatorOptions);
    return { ...host.urls, accounts: host.accounts };
  }
  if (!host) throw new Error('not started');
  return host.handle(request.op, request.args);
}

process.on('message', (request: Request) => {
  answer(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value }),
    (error: unknown) => process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  void (host?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
