// Drives one simulator fault through either path the issue asks for: the programmatic handle
// (`sim.faults`) or the HTTP control API (`POST /__sim/faults/<name>`). Both return the same counts so a
// test body can run unchanged over each path.
import { expect } from 'chai';
import type { ConnectionFaultOptions, ConnectionTarget } from '../../sim/faults.js';
import type { RunningSimulator } from '../../sim/index.js';

export type Via = 'handle' | 'http';
export const BOTH_PATHS: Via[] = ['handle', 'http'];

export type FaultBody = Record<string, unknown>;
export type FaultResult = Record<string, unknown>;

/** The programmatic call matching each HTTP fault name, with the HTTP body as its argument. */
function viaHandle(sim: RunningSimulator, name: string, body: FaultBody): FaultResult {
  const faults = sim.faults;
  switch (name) {
    case 'rate-limit':
      faults.rateLimit(body as unknown as Parameters<typeof faults.rateLimit>[0]);
      return {};
    case 'latency':
      faults.latency(body as unknown as Parameters<typeof faults.latency>[0]);
      return {};
    case 'order-failure':
      faults.orderFailure(body as unknown as Parameters<typeof faults.orderFailure>[0]);
      return {};
    case 'clock-shift':
      faults.shiftClock(body.ms as number);
      return { clockOffsetMs: sim.clock.offset };
    case 'drop-connections':
      return { connections: faults.dropConnections(body as ConnectionFaultOptions) };
    case 'stall-connections':
      return { connections: faults.stallConnections(body as ConnectionFaultOptions) };
    case 'resume-connections':
      faults.resumeConnections(body as { target?: ConnectionTarget });
      return {};
    case 'skip-depth':
      faults.skipDepthUpdates(body.symbol as string, body.count as number | undefined);
      return {};
    case 'cross-book':
      faults.crossBook(body.symbol as string);
      return {};
    case 'server-shutdown':
      faults.serverShutdown(body as { target?: ConnectionTarget; closeAfterMs?: number });
      return {};
    case 'expire-user-streams':
      return { subscriptions: faults.expireUserDataStreams(body.apiKey as string | undefined) };
    case 'clear':
      faults.clear();
      return {};
    default:
      throw new Error(`no programmatic mapping for fault ${name}`);
  }
}

async function viaHttp(sim: RunningSimulator, name: string, body: FaultBody): Promise<FaultResult> {
  const res = await fetch(`${sim.rest}/__sim/faults/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as FaultResult;
  expect(res.status, JSON.stringify(answer)).to.equal(200);
  const { ok, fault, ...result } = answer;
  expect({ ok, fault }).to.deep.equal({ ok: true, fault: name });
  return result;
}

export function applyFault(sim: RunningSimulator, via: Via, name: string, body: FaultBody = {}): Promise<FaultResult> {
  return via === 'http' ? viaHttp(sim, name, body) : Promise.resolve(viaHandle(sim, name, body));
}
