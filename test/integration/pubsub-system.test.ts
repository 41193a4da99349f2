// startExchangeSystem with `pubsub.adapter: nats`: the pub/sub runs as a supervisor over the table and the adapter
// actor, and the system's broadcasts reach another node through the real NATS server.
import { expect } from 'chai';
import { loadConfig } from '../../config/index.js';
import { lookupSupervisor, whichChildren } from '../../actors/runtime/index.js';
import { startExchangeSystem, type ExchangeSystem } from '../../facade/exchange-system.js';
import { eventually } from '../wait.js';
import { deleteStream, NATS_URL, runPrefix, startNode, testEvent, type TestNode } from '../pubsub/remote-node.js';
import type { FillEvent } from '../../lib/models/trading.js';

describe('startExchangeSystem with the NATS pub/sub adapter', function () {
  this.timeout(20_000);
  const prefix = runPrefix();
  let system: ExchangeSystem | undefined;
  let other: TestNode | undefined;

  after(async () => {
    await system?.stop();
    await other?.stop();
    await deleteStream(prefix);
  });

  it('connects the configured adapter under the pubsub supervisor and reaches another node', async () => {
    const config = loadConfig({ env: {}, overrides: { pubsub: { adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, nodeName: 'system-1' } } });
    system = await startExchangeSystem({ config, simulator: { port: 0, seed: 13, bots: false } });
    expect(system.pubsub.nodeName).to.equal('system-1');
    const supervisor = lookupSupervisor(system.actorSystem.root, 'pubsub');
    expect(supervisor ? whichChildren(supervisor).map((c) => c.id) : []).to.deep.equal(['table', 'adapter']);
    other = await startNode('other', { adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, durableName: 'other' });
    const fills: FillEvent[] = [];
    other.pubsub.listen<FillEvent>('fills:alice', (f) => void fills.push(f));
    await eventually(() => system?.pubsub.stats().remote?.connected === true && other?.pubsub.stats().remote?.connected === true, 'connected', 5000);
    expect(system.pubsub.stats().adapter).to.equal('nats');
    system.pubsub.broadcast('fills:alice', testEvent('fills:alice', 1));
    await eventually(() => fills.length === 1, 'the fill on the other node', 5000);
    expect(fills[0]?.fill.price.toString()).to.equal((testEvent('fills:alice', 1) as FillEvent).fill.price.toString());
  });
});
