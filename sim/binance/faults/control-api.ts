// The fault control API over HTTP: `POST /__sim/faults/<name>` with a JSON body, `GET /__sim/faults`
// for the active switches. Bodies are validated; a bad one gets 400 {error} naming the field and rule.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimFaults } from '../../faults.js';
import { parseRequestTarget } from '../request-target.js';
import { FAULT_MS_LIMIT_TEXT, MAX_FAULT_MS } from './fault-durations.js';

const target = z.enum(['streams', 'futuresStreams', 'wsApi', 'all']).optional();
const market = z.enum(['spot', 'futures']).optional();
const ms = z.number().int('must be an integer');
/** A fault duration: past MAX_FAULT_MS a timer would fire after 1 ms. */
const durationMs = ms.max(MAX_FAULT_MS, `must be <= ${FAULT_MS_LIMIT_TEXT}`);

const schemas = {
  'rate-limit': z
    .object({ status: z.union([z.literal(429), z.literal(418)]), durationMs: durationMs.positive('must be > 0'), retryAfterSec: ms.positive().optional() })
    .strict(),
  latency: z.object({ ms: durationMs.min(0, 'must be >= 0'), durationMs: durationMs.positive('must be > 0').optional() }).strict(),
  'order-failure': z
    .object({
      mode: z.enum(['status', 'hang', 'destroy']),
      status: ms.min(500, 'must be a 5xx status').max(599, 'must be a 5xx status').optional(),
      count: ms.min(1, 'must be >= 1').optional(),
      on: z.enum(['newOrder', 'cancelOrder', 'anyOrder']).optional(),
    })
    .strict(),
  'clock-shift': z.object({ ms }).strict(),
  'drop-connections': z.object({ target, streams: z.array(z.string()).optional(), apiKey: z.string().optional() }).strict(),
  'stall-connections': z.object({ target, streams: z.array(z.string()).optional(), apiKey: z.string().optional(), keepPings: z.boolean().optional() }).strict(),
  'resume-connections': z.object({ target }).strict(),
  'skip-depth': z.object({ symbol: z.string().min(1), count: ms.min(1, 'must be >= 1').default(1), market }).strict(),
  'cross-book': z.object({ symbol: z.string().min(1), market }).strict(),
  'server-shutdown': z.object({ target, closeAfterMs: durationMs.min(0, 'must be >= 0').optional() }).strict(),
  'expire-user-streams': z.object({ apiKey: z.string().optional() }).strict(),
  clear: z.object({}).strict(),
} as const;

export type FaultName = keyof typeof schemas;
export const FAULT_NAMES = Object.keys(schemas) as FaultName[];

const isFaultName = (name: string): name is FaultName => Object.hasOwn(schemas, name);

type Args<N extends FaultName> = z.output<(typeof schemas)[N]>;

/** Applies one named fault; returns what the fault reports (e.g. how many connections it hit). */
export function applyFault(faults: SimFaults, name: FaultName, body: unknown): Record<string, unknown> {
  const parse = <N extends FaultName>(n: N): Args<N> => schemas[n].parse(body ?? {}) as Args<N>;
  switch (name) {
    case 'rate-limit':
      faults.rateLimit(parse('rate-limit'));
      return {};
    case 'latency':
      faults.latency(parse('latency'));
      return {};
    case 'order-failure':
      faults.orderFailure(parse('order-failure'));
      return {};
    case 'clock-shift':
      faults.shiftClock(parse('clock-shift').ms);
      return { clockOffsetMs: faults.snapshot().clockOffsetMs };
    case 'drop-connections':
      return { connections: faults.dropConnections(parse('drop-connections')) };
    case 'stall-connections':
      return { connections: faults.stallConnections(parse('stall-connections')) };
    case 'resume-connections':
      faults.resumeConnections(parse('resume-connections'));
      return {};
    case 'skip-depth': {
      const args = parse('skip-depth');
      faults.skipDepthUpdates(args.symbol, args.count, args.market);
      return {};
    }
    case 'cross-book': {
      const args = parse('cross-book');
      faults.crossBook(args.symbol, args.market);
      return {};
    }
    case 'server-shutdown':
      faults.serverShutdown(parse('server-shutdown'));
      return {};
    case 'expire-user-streams':
      return { subscriptions: faults.expireUserDataStreams(parse('expire-user-streams').apiKey) };
    case 'clear':
      parse('clear');
      faults.clear();
      return {};
    default: {
      const unreachable: never = name;
      throw new Error(`unknown fault ${String(unreachable)}`);
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new SyntaxError('body must be JSON'));
      }
    });
    req.on('error', reject);
  });
}

function describe(err: unknown): string {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid body';
  }
  return err instanceof Error ? err.message : String(err);
}

/** Request handler for `/__sim/...`. */
export function controlApiHandler(faults: SimFaults): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const { path } = parseRequestTarget(req.url);
    if (path === '/__sim/faults' && req.method === 'GET') return send(res, 200, faults.snapshot());
    const match = /^\/__sim\/faults\/([a-z-]+)$/.exec(path);
    const name = match?.[1];
    if (!name || !isFaultName(name)) return send(res, 404, { error: `unknown control path ${path}; faults: ${FAULT_NAMES.join(', ')}` });
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
    try {
      const result = applyFault(faults, name, await readJson(req));
      send(res, 200, { ok: true, fault: name, ...result });
    } catch (err) {
      send(res, 400, { error: describe(err) });
    }
  };
}
