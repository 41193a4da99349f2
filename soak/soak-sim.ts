// Where the soak's simulator runs: in this process, or in a child process of its own. The long runs need
// the child: with 1000 symbols the simulator's engine and bots would share the system's heap and event loop,
// and the soak would measure the simulator. Either way the soak sees one interface: the URLs, the accounts,
// the fault controls, and the engine's ground truth (recorded where the engine runs, fetched at the end).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator, type RunningSimulator, type SimFaults, type SimulatorOptions } from '../sim/index.js';

/** The fault controls the schedule uses. */
export type SoakFaults = Pick<
  SimFaults,
  | 'dropConnections'
  | 'stallConnections'
  | 'resumeConnections'
  | 'serverShutdown'
  | 'skipDepthUpdates'
  | 'rateLimit'
  | 'orderFailure'
  | 'expireUserDataStreams'
  | 'shiftClock'
  | 'clear'
>;
const FAULT_METHODS = [
  'dropConnections',
  'stallConnections',
  'resumeConnections',
  'serverShutdown',
  'skipDepthUpdates',
  'rateLimit',
  'orderFailure',
  'expireUserDataStreams',
  'shiftClock',
  'clear',
] as const satisfies readonly (keyof SoakFaults)[];

export interface SoakAccount {
  readonly name: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * What the users were told, sent to where the truth is (in batches): an order's state, keyed
 * `account|SYMBOL|clientOrderId`, or a fill, keyed `account|SYMBOL|tradeId|orderId`. The system's process keeps
 * none of it, so its heap measures the system, not the soak's bookkeeping.
 */
export type Observation = readonly ['order', string, string] | readonly ['fill', string];

/** The engine's truth against what the users were told. */
export interface SoakVerdict {
  readonly fills: { readonly delivered: number; readonly lost: number; readonly duplicated: number };
  /** Orders the sessions placed (generated client order ids), and those whose last reported state is not the engine's. */
  readonly orders: { readonly checked: number; readonly wrong: number };
  readonly problems: readonly string[];
}

/** A book as the engine has it, exact strings. */
export interface SoakDepth {
  readonly lastUpdateId: string;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export interface SoakSim {
  readonly rest: string;
  readonly ws: string;
  readonly wsApi: string;
  readonly accounts: readonly SoakAccount[];
  /** Fire and forget: applied in the order given. */
  readonly faults: SoakFaults;
  /** Where it runs: the RSS figures mean different things. */
  readonly where: 'in-process' | 'child-process';
  /** Fire and forget, in order. */
  observe(batch: readonly Observation[]): void;
  /** Compares everything observed with the engine's truth (after the last `observe`). */
  verdict(): Promise<SoakVerdict>;
  depth(venueSymbol: string, limit: number): Promise<SoakDepth>;
  stopBots(): Promise<void>;
  /** The simulator process's resident set (the whole process when in-process). */
  rssMb(): Promise<number>;
  /** The simulator process's CPU time so far, in ms (the whole process when in-process). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The simulator and what it records for the soak: the engine's executions for the given users. Runs where the
 * simulator runs; `handle` is what the child answers over IPC.
 */
export class SimHost {
  private readonly status = new Map<string, string>();
  private readonly fills = new Set<string>();
  private readonly events = new Map<string, string[]>();
  private readonly told = new Map<string, string>();
  private readonly toldFills = new Map<string, number>();
  private readonly started = Date.now();
  private readonly stopTruth: () => void;

  private constructor(readonly sim: RunningSimulator) {
    const users = new Set(sim.accounts.map((a) => a.name));
    this.stopTruth = sim.engine.onEvent((event) => {
      if (event.type !== 'execution' || !users.has(event.account)) return;
      const order = `${event.account}|${event.order.symbol}|${event.order.clientOrderId}`;
      this.status.set(order, event.order.status);
      let list = this.events.get(order);
      if (!list) this.events.set(order, (list = []));
      if (list.length < 20) list.push(`${event.order.status}@${Date.now() - this.started}`);
      if (event.lastFill) this.fills.add(`${event.account}|${event.order.symbol}|${String(event.lastFill.tradeId)}|${String(event.order.orderId)}`);
    });
  }

  static async start(options: SimulatorOptions): Promise<SimHost> {
    return new SimHost(await startSimulator(options));
  }

  get urls(): { rest: string; ws: string; wsApi: string } {
    return { rest: this.sim.rest, ws: this.sim.ws, wsApi: this.sim.wsApi };
  }

  get accounts(): SoakAccount[] {
    return this.sim.accounts.map((a) => ({ name: a.name, apiKey: a.apiKey, apiSecret: a.apiSecret }));
  }

  observe(batch: readonly Observation[]): void {
    for (const item of batch) {
      if (item[0] === 'order') this.told.set(item[1], item[2]);
      else this.toldFills.set(item[1], (this.toldFills.get(item[1]) ?? 0) + 1);
    }
  }

  verdict(): SoakVerdict {
    const problems: string[] = [];
    let lost = 0;
    let duplicated = 0;
    let delivered = 0;
    for (const key of this.fills) {
      if (this.toldFills.has(key)) continue;
      lost += 1;
      if (lost <= 5) problems.push(`fill ${key} made by the simulator, never reported`);
    }
    for (const [key, times] of this.toldFills) {
      delivered += times;
      if (times > 1) {
        duplicated += times - 1;
        if (duplicated <= 5) problems.push(`fill ${key} reported ${times} times`);
      }
    }
    let checked = 0;
    let wrong = 0;
    for (const [order, final] of this.status) {
      if (!order.includes('|cx-')) continue; // only orders the sessions placed (generated client order ids)
      checked += 1;
      const told = this.told.get(order);
      if (told === final) continue;
      wrong += 1;
      if (wrong <= 5) problems.push(`order ${order}: simulator ${final} (${(this.events.get(order) ?? []).join(' ')}), reported ${told ?? 'nothing'}`);
    }
    return { fills: { delivered, lost, duplicated }, orders: { checked, wrong }, problems };
  }

  depth(venueSymbol: string, limit: number): SoakDepth {
    const book = this.sim.engine.depth(venueSymbol, limit);
    const text = (levels: typeof book.bids): [string, string][] => levels.map(([p, q]) => [p.toString(), q.toString()]);
    return { lastUpdateId: String(book.lastUpdateId), bids: text(book.bids), asks: text(book.asks) };
  }

  stopBots(): void {
    this.sim.bots?.stop();
  }

  async stop(): Promise<void> {
    this.stopTruth();
    await this.sim.stop();
  }

  /** One IPC request, answered with its value. */
  async handle(op: string, args: unknown[]): Promise<unknown> {
    switch (op) {
      case 'fault': {
        const [method, params] = args as [keyof SoakFaults, unknown[]];
        if (!(FAULT_METHODS as readonly string[]).includes(method)) throw new Error(`no fault '${String(method)}'`);
        (this.sim.faults[method] as (...a: unknown[]) => unknown).apply(this.sim.faults, params);
        return undefined;
      }
      case 'observe':
        return this.observe(args[0] as Observation[]);
      case 'verdict':
        return this.verdict();
      case 'depth':
        return this.depth(args[0] as string, args[1] as number);
      case 'stopBots':
        return this.stopBots();
      case 'rss':
        return process.memoryUsage().rss / 1024 / 1024;
      case 'cpu':
        return cpuMs();
      case 'stop':
        return this.stop();
      default:
        throw new Error(`unknown request '${op}'`);
    }
  }
}

/** The simulator in this process. */
export async function simInProcess(options: SimulatorOptions): Promise<SoakSim> {
  const host = await SimHost.start(options);
  return {
    ...host.urls,
    accounts: host.accounts,
    faults: host.sim.faults,
    where: 'in-process',
    observe: (batch) => host.observe(batch),
    verdict: () => Promise.resolve(host.verdict()),
    depth: (symbol, limit) => Promise.resolve(host.depth(symbol, limit)),
    stopBots: () => Promise.resolve(host.stopBots()),
    rssMb: () => Promise.resolve(process.memoryUsage().rss / 1024 / 1024),
    cpuMs: () => Promise.resolve(cpuMs()),
    stop: () => host.stop(),
  };
}

/** This process's CPU time (user + system) so far, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

type Reply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** The simulator in a child process of its own (soak/sim-child.ts), driven over IPC. */
export async function simInChild(options: SimulatorOptions): Promise<SoakSim> {
  const entry = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
  // The child inherits this process's loader flags (tsx); the 'advanced' channel carries Maps and Sets.
  const child: ChildProcess = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ids = 0;
  let exited: Error | undefined;
  child.on('message', (message: Reply) => {
    const waiter = waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`simulator process: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`the simulator process exited (${signal ?? `code ${String(code)}`})`);
    for (const waiter of waiting.values()) waiter.reject(exited);
    waiting.clear();
  });
  const call = <T>(op: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(exited);
      const id = ++ids;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, op, args });
    });
  const started = await call<{ rest: string; ws: string; wsApi: string; accounts: SoakAccount[] }>('start', options);
  const faults = Object.fromEntries(
    FAULT_METHODS.map((method) => [
      method,
      (...params: unknown[]) =>
        void call('fault', method, params).catch((error: unknown) => process.stderr.write(`soak: fault ${method} failed: ${String(error)}\n`)),
    ]),
  ) as unknown as SoakFaults;
  return {
    rest: started.rest,
    ws: started.ws,
    wsApi: started.wsApi,
    accounts: started.accounts,
    faults,
    where: 'child-process',
    observe: (batch) => void call('observe', batch).catch((error: unknown) => process.stderr.write(`soak: observe failed: ${String(error)}\n`)),
    verdict: () => call<SoakVerdict>('verdict'),
    depth: (symbol, limit) => call<SoakDepth>('depth', symbol, limit),
    stopBots: () => call('stopBots'),
    rssMb: () => call<number>('rss'),
    cpuMs: () => call<number>('cpu'),
    async stop() {
      if (exited) return;
      await call('stop').catch(() => undefined);
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
