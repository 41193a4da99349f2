// `cex-actors order` as a user runs it against the simulator: one-shot REST trading, JSON results with
// the exchange's status names and Decimals as strings, and refusals that name the rule with exit code 2.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { runCli, type CliRun } from '../cli-run.js';

describe('cex-actors order', function () {
  this.timeout(40_000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ port: 0, seed: 13, bots: false });
  });
  after(() => sim.stop());

  const order = (args: string[], secret?: string): Promise<CliRun> =>
    runCli(['order', ...args, '--rest-url', sim.rest], { CEX_API_KEY: sim.accounts[0]!.apiKey, CEX_API_SECRET: secret ?? sim.accounts[0]!.apiSecret }, 25_000);

  it('places, gets, lists and cancels an order; prints JSON with the exchange status and exact decimals', async () => {
    const placed = await order(['place', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'limit', '--price', '30000.10', '--quantity', '0.01', '--client-order-id', 'cli-1']);
    expect(placed.code, placed.stderr).to.equal(0);
    const o = JSON.parse(placed.stdout) as Record<string, unknown>;
    expect(o).to.include({ status: 'NEW', clientOrderId: 'cli-1', symbol: 'BTC/USDT', price: '30000.1', quantity: '0.01' });
    expect(typeof o.orderId).to.equal('string');
    const got = await order(['get', '--symbol', 'BTC/USDT', '--client-order-id', 'cli-1']);
    expect(JSON.parse(got.stdout)).to.include({ status: 'NEW', orderId: o.orderId });
    const open = await order(['open', '--symbol', 'BTC/USDT']);
    expect((JSON.parse(open.stdout) as { clientOrderId: string }[]).map((x) => x.clientOrderId)).to.deep.equal(['cli-1']);
    const canceled = await order(['cancel', '--symbol', 'BTC/USDT', '--order-id', String(o.orderId)]);
    expect(JSON.parse(canceled.stdout)).to.include({ status: 'CANCELED' });
    const balances = JSON.parse((await order(['balances'])).stdout) as { asset: string; free: string }[];
    expect(balances.find((b) => b.asset === 'USDT')?.free).to.match(/^\d+(\.\d+)?$/);
  });

  it('refuses an order that breaks LOT_SIZE with one line naming the filter and the step, exit 2, nothing sent', async () => {
    const run = await order(['place', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'limit', '--price', '30000', '--quantity', '0.000001']);
    expect(run.code).to.equal(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('LOT_SIZE').and.contain('0.00001');
    expect(run.stdout).to.equal('');
    expect(sim.engine.openOrders(sim.accounts[0]!.name, 'BTCUSDT')).to.have.length(0);
  });

  it('fails with exit 1 and a typed message for a bad secret, and never prints the secret', async () => {
    const run = await order(['balances'], 'not-the-secret-0123456789abcdef');
    expect(run.code).to.equal(1);
    expect(run.stderr).to.not.contain('not-the-secret');
    expect(run.stderr.trim().split('\n'), run.stderr).to.have.length(1);
  });
});
