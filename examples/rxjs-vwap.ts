// VWAP per second with RxJS over the `trades` topic, runnable: npx tsx examples/rxjs-vwap.ts
// (SYMBOL=ETH/USDT, SECONDS=N; defaults BTC/USDT and 5). `system.observe` turns the topic into an Observable;
// bufferTime(1000) cuts it into one-second batches, and each batch's VWAP is sum(price * quantity) / sum(quantity)
// in exact Decimals. The windows start with the first second that has a trade (the feed needs a moment to
// connect); a later second without trades prints `-`. One line per second, then the system stops.
import { bufferTime, map, skipWhile, take } from 'rxjs';
import { Decimal, startExchangeSystem, type Trade } from '../index.js';

interface Vwap {
  readonly time: number;
  readonly trades: number;
  readonly volume: Decimal;
  readonly vwap: Decimal | undefined;
}

function vwapOf(trades: readonly Trade[], time: number): Vwap {
  let notional = new Decimal(0);
  let volume = new Decimal(0);
  for (const t of trades) {
    notional = notional.plus(t.price.mul(t.quantity));
    volume = volume.plus(t.quantity);
  }
  return { time, trades: trades.length, volume, vwap: volume.isZero() ? undefined : notional.div(volume) };
}

const symbol = process.env.SYMBOL ?? 'BTC/USDT';
const seconds = Number(process.env.SECONDS ?? '5');
const system = await startExchangeSystem({ simulator: true });

await new Promise<void>((resolve, reject) => {
  system
    .observe<Trade>({ symbol, channel: 'trades' })
    .pipe(
      bufferTime(1000),
      skipWhile((batch) => batch.length === 0),
      map((batch) => vwapOf(batch, Date.now())),
      take(seconds),
    )
    .subscribe({
      next: (v) => {
        const vwap = v.vwap === undefined ? '-' : v.vwap.toDecimalPlaces(8).toFixed();
        console.log(`vwap ${symbol} ${new Date(v.time).toISOString()} ${vwap} trades=${v.trades} volume=${v.volume.toFixed()}`);
      },
      error: reject,
      complete: resolve,
    });
});
await system.stop();
