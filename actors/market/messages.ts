// The protocols of the per-symbol actors a connection feeds: book actors (diff depth) and tape actors
// (trades). Defined apart from the actors so the connection, the stream manager and the facade can
// name them without importing each other.
import type { DepthDelta, Unbound } from '../../lib/exchanges/types.js';
import type { BookView, Trade } from '../../lib/models/market.js';
import type { ActorRef } from '../runtime/index.js';
import type { RestReply } from './rest-gate.js';

export type BookMsg =
  | { readonly type: 'delta'; readonly delta: DepthDelta; readonly receivedAt: number }
  /** Read the synced book now: top `depth` levels per side, or undefined while it is not synced. */
  | { readonly type: 'read'; readonly depth: number; readonly replyTo: ActorRef<BookView | undefined> }
  | RestReply;

export type TapeMsg =
  | { readonly type: 'trade'; readonly event: Unbound<Trade>; readonly receivedAt: number }
  /** Ask for the backfill page again (after a failed attempt's backoff). */
  | { readonly type: 'retryBackfill' }
  | RestReply;

export const bookChildId = (venueSymbol: string): string => `book-${venueSymbol}`;
export const tapeChildId = (venueSymbol: string): string => `tape-${venueSymbol}`;
