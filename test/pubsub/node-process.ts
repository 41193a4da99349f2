// A pub/sub node in its own process, driven over IPC by the cross-process adapter tests (child_process.fork with
// `--import tsx`). Argument: JSON { name, adapter, url, subjectPrefix, durableName }. Commands: subscribe, publish,
// stats; it reports `ready`, every event it receives (as wire text, so Decimals are checked on the way back), stats.
import { encodeMessage } from '../../lib/wire/codec.js';
import { configureLogger } from '../../lib/log.js';
import type { PubSubAdapterConfig } from '../../actors/pubsub.js';
import { startNode, testEvent } from './remote-node.js';

export type NodeCommand =
  | { readonly type: 'subscribe'; readonly topics: readonly string[] }
  | { readonly type: 'publish'; readonly topic: string; readonly from: number; readonly count: number; readonly intervalMs?: number; readonly local?: boolean }
  | { readonly type: 'stats' };

export type NodeReport =
  | { readonly type: 'ready' }
  | { readonly type: 'subscribed' }
  | { readonly type: 'event'; readonly topic: string; readonly wire: string }
  | { readonly type: 'published'; readonly topic: string; readonly count: number }
  | { readonly type: 'stats'; readonly stats: unknown };

async function main(): Promise<void> {
  // Quiet like the test process (test/setup.ts) unless CEX_LOG_LEVEL asks for more.
  configureLogger({ level: (process.env.CEX_LOG_LEVEL as 'error' | undefined) ?? 'error', format: 'json' });
  const options = JSON.parse(process.argv[2] ?? '{}') as PubSubAdapterConfig & { name: string };
  const node = await startNode(options.name, options);
  const send = (report: NodeReport): void => {
    process.send?.(report);
  };
  process.on('message', (command: NodeCommand) => {
    switch (command.type) {
      case 'subscribe':
        for (const topic of command.topics) {
          node.pubsub.listen(topic, (event) => send({ type: 'event', topic, wire: encodeMessage({ nodeName: options.name, topic, payload: event }) }));
        }
        send({ type: 'subscribed' });
        return;
      case 'publish': {
        let i = command.from;
        const end = command.from + command.count;
        const step = (): void => {
          while (i < end) {
            if (command.local) node.pubsub.localBroadcast(command.topic, testEvent(command.topic, i));
            else node.pubsub.broadcast(command.topic, testEvent(command.topic, i));
            i += 1;
            if (command.intervalMs !== undefined) {
              setTimeout(step, command.intervalMs);
              return;
            }
          }
          send({ type: 'published', topic: command.topic, count: command.count });
        };
        step();
        return;
      }
      case 'stats':
        send({ type: 'stats', stats: node.pubsub.stats().remote });
        return;
    }
  });
  process.on('SIGTERM', () => {
    void node.stop().then(() => process.exit(0));
  });
  send({ type: 'ready' });
}

void main();
