// Issue 10: a 60-second system soak with 20 symbols and 20 users trading under a seeded fault schedule.
// Nothing may be lost or duplicated (trades, fills, order states), every book must equal the simulator's,
// no error may go unhandled and no secret may reach a log record.
import { expect } from 'chai';
import { runSystemSoak } from '../../soak/system-soak.js';
import { quietLogs } from '../actors/runtime/helpers.js';

describe('system soak with faults (60 s, 20 symbols, 20 users)', function () {
  this.timeout(180_000);
  quietLogs();

  it('loses and duplicates nothing while every kind of fault is injected', async () => {
    const report = await runSystemSoak({ seconds: 60, symbols: 20, users: 20, seed: 20261129, faultEveryMs: 1500 });
    const detail = JSON.stringify({ ...report, problems: report.problems.slice(0, 10) });
    expect(Object.values(report.faults).reduce((a, b) => a + b, 0), detail).to.be.greaterThan(20);
    expect(report.trades.delivered, detail).to.be.greaterThan(100);
    expect(report.fills.delivered, detail).to.be.greaterThan(50);
    expect(report.trades, detail).to.include({ lost: 0, duplicated: 0 });
    expect(report.fills, detail).to.include({ lost: 0, duplicated: 0 });
    expect(report.orders.checked, detail).to.be.greaterThan(100);
    expect(report.orders.wrong, detail).to.equal(0);
    expect(report.books, detail).to.deep.equal({ checked: 20, wrong: 0 });
    expect(report.unhandled, detail).to.equal(0);
    expect(report.secretsInLogs, detail).to.equal(0);
  });
});
