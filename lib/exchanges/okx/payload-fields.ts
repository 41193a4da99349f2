// Field checks for OKX v5 JSON (pushes and REST bodies) beyond the ones Binance's payload-fields.ts shares:
// OKX prints times as millisecond strings ("1597026383085"), sequence ids as numbers that may be -1, and book
// levels as [price, size, deprecated "0", order count]. Like Binance's, they return undefined instead of throwing.
import type { DepthLevel } from '../../models/market.js';
import { depthLevels } from '../binance/payload-fields.js';
import type { ContractSizes } from './contract-sizes.js';

/** A millisecond time as OKX prints it: a string of digits (a number is accepted too), as a safe integer. */
export function msTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A sequence id: a safe integer >= -1 (a snapshot's prevSeqId is -1). */
export function sequenceId(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= -1 ? value : undefined;
}

/** OKX's error and event codes are strings of digits ("60012"); "0" is success. */
export function codeNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Book levels `[[price, size, "0", orders], ...]` as [price, quantity] tuples in the unified unit: sizes of a
 * contract instrument are scaled by its contract size (`sizes.scale`); undefined when any level is not decimal.
 */
export function okxLevels(value: unknown, instId: string, sizes: ContractSizes): DepthLevel[] | undefined {
  const levels = depthLevels(value);
  if (levels === undefined || !sizes.scales(instId)) return levels;
  return levels.map(([price, quantity]): DepthLevel => [price, sizes.toUnified(instId, quantity)]);
}
