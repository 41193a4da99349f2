// The test's side of a node process (node-process.ts): fork it, send commands, wait for what it reports.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeMessage } from '../../lib/wire/codec.js';
import type { PubSubAdapterConfig } from '../../actors/pubsub.js';
import { childEnv } from '../child-env.js';
import type { NodeCommand, NodeReport } from './node-process.js';

const SCRIPT = fileURLToPath(new URL('./node-process.ts', import.meta.url));

export class ChildNode {
  readonly reports: NodeReport[] = [];
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private exited = false;

  constructor(readonly options: PubSubAdapterConfig & { readonly name: string }) {
    this.child = fork(SCRIPT, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], env: childEnv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('message', (report: NodeReport) => {
      this.reports.push(report);
      for (const wake of this.waiters) wake();
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const wake of this.waiters) wake();
    });
  }

  send(command: NodeCommand): void {
    this.child.send(command);
  }

  /** Payloads received on `topic`, decoded from the wire text the node sent (so Decimals were Decimals there). */
  events<E>(topic: string): E[] {
    return this.reports.flatMap((report) => (report.type === 'event' && report.topic === topic ? [decodeMessage(report.wire).payload as E] : []));
  }

  async waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`${this.options.name}: timed out waiting for ${what}`));
      }, timeoutMs);
      const wake = (): void => {
        if (!check() && !this.exited) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        if (check()) resolve();
        else reject(new Error(`${this.options.name} exited while waiting for ${what}`));
      };
      this.waiters.add(wake);
    });
  }

  async stats(): Promise<Record<string, number | boolean>> {
    const before = this.reports.length;
    this.send({ type: 'stats' });
    await this.waitFor(() => this.reports.slice(before).some((r) => r.type === 'stats'), 'stats');
    const report = this.reports.slice(before).find((r) => r.type === 'stats');
    return (report as { stats: Record<string, number | boolean> }).stats;
  }

  /** Resolves when the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await exited;
  }
}

/** Waits until the node's adapter is connected. */
export async function connected(node: ChildNode): Promise<void> {
  await node.waitFor(() => node.reports.some((r) => r.type === 'ready'), 'ready');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await node.stats()).connected === true) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${node.options.name}: adapter never connected`);
}
