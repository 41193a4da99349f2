// Account balances (free/locked) for the simulator's engine. Every mutation records which
// (account, asset) pairs changed, so the engine can emit one accountPosition per account per operation.
import { Decimal } from '../../lib/core/decimal.js';
import type { BalanceEntry } from './types.js';

interface Balance {
  free: Decimal;
  locked: Decimal;
}

const ZERO = new Decimal(0);

/** Thrown when a ledger move would make a balance negative: an engine bug, never a user error. */
export class LedgerInvariantError extends Error {
  readonly code = 'LEDGER_INVARIANT';
  constructor(message: string) {
    super(message);
    this.name = 'LedgerInvariantError';
  }
}

export class Ledger {
  private readonly accounts = new Map<string, Map<string, Balance>>();
  private readonly dirty = new Map<string, Set<string>>();

  has(account: string): boolean {
    return this.accounts.has(account);
  }

  open(account: string): void {
    if (!this.accounts.has(account)) this.accounts.set(account, new Map());
  }

  free(account: string, asset: string): Decimal {
    return this.accounts.get(account)?.get(asset)?.free ?? ZERO;
  }

  locked(account: string, asset: string): Decimal {
    return this.accounts.get(account)?.get(asset)?.locked ?? ZERO;
  }

  /** free += amount (amount may be negative for a withdrawal; never below zero). */
  credit(account: string, asset: string, amount: Decimal): void {
    const b = this.balance(account, asset);
    const free = b.free.add(amount);
    if (free.isNegative()) throw new LedgerInvariantError(`${account} ${asset} free would go negative`);
    b.free = free;
    this.touch(account, asset);
  }

  /** free -> locked. */
  lock(account: string, asset: string, amount: Decimal): void {
    const b = this.balance(account, asset);
    if (b.free.lt(amount)) throw new LedgerInvariantError(`${account} ${asset} lock exceeds free`);
    b.free = b.free.sub(amount);
    b.locked = b.locked.add(amount);
    this.touch(account, asset);
  }

  /** locked -> free. */
  unlock(account: string, asset: string, amount: Decimal): void {
    if (amount.isZero()) return;
    const b = this.balance(account, asset);
    if (b.locked.lt(amount)) throw new LedgerInvariantError(`${account} ${asset} unlock exceeds locked`);
    b.locked = b.locked.sub(amount);
    b.free = b.free.add(amount);
    this.touch(account, asset);
  }

  /** locked -> gone (paid to the counterparty, who is credited separately). */
  spendLocked(account: string, asset: string, amount: Decimal): void {
    const b = this.balance(account, asset);
    if (b.locked.lt(amount)) throw new LedgerInvariantError(`${account} ${asset} spend exceeds locked`);
    b.locked = b.locked.sub(amount);
    this.touch(account, asset);
  }

  entries(account: string): BalanceEntry[] {
    const out: BalanceEntry[] = [];
    for (const [asset, b] of this.accounts.get(account) ?? []) out.push({ asset, free: b.free, locked: b.locked });
    return out.sort((x, y) => (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0));
  }

  accountNames(): string[] {
    return [...this.accounts.keys()];
  }

  /** The changed balances since the last call, per account (in first-touched order); clears the record. */
  takeChanges(): Array<{ account: string; balances: BalanceEntry[] }> {
    const out: Array<{ account: string; balances: BalanceEntry[] }> = [];
    for (const [account, assets] of this.dirty) {
      const balances: BalanceEntry[] = [];
      for (const asset of assets) balances.push({ asset, free: this.free(account, asset), locked: this.locked(account, asset) });
      out.push({ account, balances });
    }
    this.dirty.clear();
    return out;
  }

  private balance(account: string, asset: string): Balance {
    let assets = this.accounts.get(account);
    if (!assets) {
      assets = new Map();
      this.accounts.set(account, assets);
    }
    let b = assets.get(asset);
    if (!b) {
      b = { free: ZERO, locked: ZERO };
      assets.set(asset, b);
    }
    return b;
  }

  private touch(account: string, asset: string): void {
    let assets = this.dirty.get(account);
    if (!assets) {
      assets = new Set();
      this.dirty.set(account, assets);
    }
    assets.add(asset);
  }
}
