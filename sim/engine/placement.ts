// Order entry and matching for one symbol: balance checks and locks, price-time matching against the
// book, settlement of each fill for both sides, and the remainder's fate (rest, expire). Pure: the
// caller supplies time, fee rates and an event sink, and flushes balance/depth changes afterwards.
import { Decimal } from '../../lib/core/decimal.js';
import { roundDownToStep } from '../../lib/exchanges/binance/filters.js';
import type { Ledger } from './ledger.js';
import { isOpen, snapshotOrder, type LiveOrder, type Market } from './market.js';
import { OrderBook, remainingQty } from './order-book.js';
import type { ParsedOrder } from './order-request.js';
import { reject } from './rejections.js';
import type { EngineEvent, ExecutionType, Fill, Id, Side } from './types.js';

export interface PlacementContext {
  ledger: Ledger;
  now: number;
  fees: { maker: Decimal; taker: Decimal };
  emit(event: EngineEvent): void;
}

const ZERO = new Decimal(0);

export function placeOrder(ctx: PlacementContext, market: Market, account: string, req: ParsedOrder): LiveOrder {
  const { spec, book } = market;
  const clientOrderId = req.clientOrderId;
  if (clientOrderId !== undefined) {
    const existing = market.peekAccount(account)?.byClientId.get(clientOrderId);
    const prior = existing === undefined ? undefined : market.orders.get(existing);
    if (prior && isOpen(prior)) throw reject.duplicateOrder();
  }
  const best = book.bestOpposite(req.side);
  if (req.type === 'LIMIT_MAKER' && best && OrderBook.crosses(req.side, req.price as Decimal, best)) throw reject.wouldTake();

  const quantity = req.quantity ?? sizeByQuote(market, req.side, req.quoteOrderQty as Decimal);
  const lockAsset = req.side === 'BUY' ? spec.quoteAsset : spec.baseAsset;
  const { required, lock } = lockFor(market, req, quantity);
  if (ctx.ledger.free(account, lockAsset).lt(required)) throw reject.insufficientBalance();

  const orderId = market.newOrderId();
  const order: LiveOrder = {
    symbol: spec.symbol,
    orderId,
    clientOrderId: clientOrderId ?? `sim-${spec.symbol}-${orderId}`,
    account,
    side: req.side,
    type: req.type,
    timeInForce: req.timeInForce,
    price: req.price ?? ZERO,
    origQty: quantity,
    origQuoteOrderQty: req.quoteOrderQty ?? ZERO,
    executedQty: ZERO,
    cummulativeQuoteQty: ZERO,
    status: 'NEW',
    transactTime: ctx.now,
    updateTime: ctx.now,
    workingTime: ctx.now,
    fills: [],
    lockAsset,
    locked: ZERO,
  };
  market.register(order);
  if (lock.gt(0)) {
    ctx.ledger.lock(account, lockAsset, lock);
    order.locked = lock;
  }
  emitExecution(ctx, order, 'NEW');

  const fillOrKillFails = req.timeInForce === 'FOK' && fillableQty(market, req.side, order.price, quantity).lt(quantity);
  if (!fillOrKillFails) match(ctx, market, order);
  market.tape.endTaker();

  if (remainingQty(order).gt(0)) {
    const rests = order.type !== 'MARKET' && order.timeInForce === 'GTC';
    if (rests) book.add(order);
    else finish(ctx, market, order, 'EXPIRED');
  } else {
    finish(ctx, market, order, undefined);
  }
  return order;
}

/** Cancels an open order: off the book, locks released, CANCELED. */
export function cancelOpenOrder(ctx: PlacementContext, market: Market, order: LiveOrder, cancelClientOrderId?: string): void {
  market.book.remove(order);
  finish(ctx, market, order, 'CANCELED', cancelClientOrderId);
}

/** What the account must have free, and what to lock, for this order. */
function lockFor(market: Market, req: ParsedOrder, quantity: Decimal): { required: Decimal; lock: Decimal } {
  if (req.side === 'SELL') return { required: quantity, lock: quantity };
  if (req.type !== 'MARKET') {
    const cost = (req.price as Decimal).mul(quantity);
    return { required: cost, lock: cost };
  }
  // MARKET BUY: the fills it will get are known now (the engine is single-threaded), so lock their cost.
  const cost = walkCost(market, quantity);
  return { required: req.quoteOrderQty ?? cost, lock: cost };
}

/** Quote cost of buying up to `quantity` from the asks (only what the book holds). */
function walkCost(market: Market, quantity: Decimal): Decimal {
  let left = quantity;
  let cost = ZERO;
  for (const level of market.book.asks) {
    if (left.lte(0)) break;
    const take = Decimal.min(left, level.total);
    cost = cost.add(take.mul(level.price));
    left = left.sub(take);
  }
  return cost;
}

/** Quantity available to a taker at or better than `limit` (0 = any price), stopping once `wanted` is reached. */
function fillableQty(market: Market, side: Side, limit: Decimal, wanted: Decimal): Decimal {
  let total = ZERO;
  for (const level of market.book.levels(side === 'BUY' ? 'SELL' : 'BUY')) {
    if (total.gte(wanted)) break;
    if (!limit.isZero() && !OrderBook.crosses(side, limit, level)) break;
    total = total.add(level.total);
  }
  return total;
}

/**
 * The base quantity a MARKET order with quoteOrderQty gets: as much as the quote amount buys (or, for a
 * SELL, as much as brings in at most that quote amount), rounded down to the step so it never breaks
 * LOT_SIZE (rest-api.md: quoteOrderQty MARKET orders will not break LOT_SIZE).
 */
function sizeByQuote(market: Market, side: Side, quote: Decimal): Decimal {
  const { spec, book } = market;
  const levels = side === 'BUY' ? book.asks : book.bids;
  if (levels.length === 0) throw reject.noLiquidityForQuoteQty();
  const step = effectiveStep(market);
  let left = quote;
  let qty = ZERO;
  let liquidity = ZERO;
  for (const level of levels) {
    liquidity = liquidity.add(level.total);
    if (left.lte(0)) continue;
    const levelQuote = level.price.mul(level.total);
    if (levelQuote.lte(left)) {
      qty = qty.add(level.total);
      left = left.sub(levelQuote);
      continue;
    }
    let part = roundDownToStep(left.div(level.price), step);
    // decimal.js rounds the quotient to 20 digits; never let that round up past the quote amount.
    if (part.mul(level.price).gt(left)) part = part.sub(step);
    qty = qty.add(part);
    left = ZERO;
  }
  const minQty = new Decimal(spec.lotSize.minQty);
  if (liquidity.lt(minQty)) throw reject.lotSizeLiquidity();
  if (qty.lte(0) || qty.lt(minQty)) throw reject.filter('LOT_SIZE');
  const maxQty = new Decimal(spec.marketLotSize.maxQty);
  if (!maxQty.isZero() && qty.gt(maxQty)) throw reject.filter('MARKET_LOT_SIZE');
  return qty;
}

function effectiveStep(market: Market): Decimal {
  const lot = new Decimal(market.spec.lotSize.stepSize);
  const marketLot = new Decimal(market.spec.marketLotSize.stepSize);
  const step = Decimal.max(lot, marketLot);
  return step.isZero() ? new Decimal(1).div(new Decimal(10).pow(market.spec.baseAssetPrecision)) : step;
}

/** Trades `taker` against the opposite side while prices cross and quantity remains. */
function match(ctx: PlacementContext, market: Market, taker: LiveOrder): void {
  const { book } = market;
  const isMarket = taker.type === 'MARKET';
  for (;;) {
    const wanted = remainingQty(taker);
    if (wanted.lte(0)) return;
    const level = book.bestOpposite(taker.side);
    if (!level || (!isMarket && !OrderBook.crosses(taker.side, taker.price, level))) return;
    const maker = level.orders[0] as LiveOrder;
    const qty = Decimal.min(wanted, remainingQty(maker));
    executeFill(ctx, market, taker, maker, level.price, qty);
    book.reduceHead(maker.side, level, qty);
    if (remainingQty(maker).isZero()) finish(ctx, market, maker, undefined);
  }
}

function executeFill(ctx: PlacementContext, market: Market, taker: LiveOrder, maker: LiveOrder, price: Decimal, qty: Decimal): void {
  const buyer = taker.side === 'BUY' ? taker : maker;
  const seller = taker.side === 'BUY' ? maker : taker;
  const trade = market.tape.record({
    price,
    qty,
    time: ctx.now,
    isBuyerMaker: buyer === maker,
    buyerOrderId: buyer.orderId,
    sellerOrderId: seller.orderId,
    takerOrderId: taker.orderId,
  });
  market.ticker.add(trade.id, trade.time, price, qty, trade.quoteQty);
  ctx.emit({ type: 'trade', symbol: market.spec.symbol, trade });
  const takerFill = settle(ctx, market, taker, false, trade.id, price, qty);
  const makerFill = settle(ctx, market, maker, true, trade.id, price, qty);
  emitExecution(ctx, taker, 'TRADE', takerFill);
  emitExecution(ctx, maker, 'TRADE', makerFill);
}

/** Moves one side's assets for a fill and updates its order record. */
function settle(ctx: PlacementContext, market: Market, order: LiveOrder, isMaker: boolean, tradeId: Id, price: Decimal, qty: Decimal): Fill {
  const { spec } = market;
  const { ledger } = ctx;
  const quoteQty = price.mul(qty);
  let received: Decimal;
  let receivedAsset: string;
  let precision: number;
  if (order.side === 'BUY') {
    ledger.spendLocked(order.account, spec.quoteAsset, quoteQty);
    order.locked = order.locked.sub(quoteQty);
    if (order.type !== 'MARKET') {
      // A taker buying below its limit locked limit*qty: give back the price improvement.
      const release = order.price.mul(qty).sub(quoteQty);
      if (release.gt(0)) {
        ledger.unlock(order.account, spec.quoteAsset, release);
        order.locked = order.locked.sub(release);
      }
    }
    received = qty;
    receivedAsset = spec.baseAsset;
    precision = spec.baseAssetPrecision;
  } else {
    ledger.spendLocked(order.account, spec.baseAsset, qty);
    order.locked = order.locked.sub(qty);
    received = quoteQty;
    receivedAsset = spec.quoteAsset;
    precision = spec.quoteAssetPrecision;
  }
  const rate = isMaker ? ctx.fees.maker : ctx.fees.taker;
  const commission = received.mul(rate).toDecimalPlaces(precision, Decimal.ROUND_DOWN);
  ledger.credit(order.account, receivedAsset, received.sub(commission));

  const fill: Fill = { tradeId, price, qty, quoteQty, commission, commissionAsset: receivedAsset, isMaker, time: ctx.now };
  order.executedQty = order.executedQty.add(qty);
  order.cummulativeQuoteQty = order.cummulativeQuoteQty.add(quoteQty);
  order.status = order.executedQty.gte(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
  order.updateTime = ctx.now;
  order.fills.push(fill);
  market.recordMyTrade(order.account, { ...fill, orderId: order.orderId, side: order.side });
  return fill;
}

/** Closes an order: releases what it still has locked; `how` = the execution to report (none for FILLED). */
function finish(ctx: PlacementContext, market: Market, order: LiveOrder, how: 'CANCELED' | 'EXPIRED' | undefined, cancelClientOrderId?: string): void {
  if (order.locked.gt(0)) {
    ctx.ledger.unlock(order.account, order.lockAsset, order.locked);
    order.locked = ZERO;
  }
  if (how) {
    order.status = how;
    order.updateTime = ctx.now;
    emitExecution(ctx, order, how, undefined, cancelClientOrderId);
  }
  market.close(order);
}

function emitExecution(ctx: PlacementContext, order: LiveOrder, executionType: ExecutionType, lastFill?: Fill, cancelClientOrderId?: string): void {
  const event: EngineEvent = { type: 'execution', account: order.account, order: snapshotOrder(order), executionType, time: ctx.now };
  if (lastFill) event.lastFill = lastFill;
  if (cancelClientOrderId !== undefined) event.cancelClientOrderId = cancelClientOrderId;
  ctx.emit(event);
}
