// OKX's legacy order book checksum (NOTES.md "Checksum is deprecated"; worked examples in checksum.json). The
// field is fixed to 0 since 2026-06-23 and sequence ids are what proves continuity; a non-zero value (an older
// deployment, a demo server) is still checked: the first 25 bids and 25 asks, interleaved bid1:ask1:bid2:ask2...
// as `price:size` (a side with fewer levels just ends), CRC32 (IEEE, zlib's) as a signed 32-bit integer.
import { crc32 } from 'node:zlib';
import type { DepthLevel } from '../../models/market.js';

const LEVELS = 25;

/** The string OKX checksums: prices and sizes exactly as the venue printed them, best first on each side. */
export function checksumString(bids: readonly DepthLevel[], asks: readonly DepthLevel[]): string {
  const parts: string[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid === undefined && ask === undefined) break;
    if (bid !== undefined) parts.push(`${bid[0]}:${bid[1]}`);
    if (ask !== undefined) parts.push(`${ask[0]}:${ask[1]}`);
  }
  return parts.join(':');
}

/** The signed CRC32 of the book's top 25 levels a side. */
export function okxChecksum(bids: readonly DepthLevel[], asks: readonly DepthLevel[]): number {
  return crc32(checksumString(bids, asks)) | 0;
}

/**
 * Whether a book (best first) matches the checksum a delta carried; a checksum of 0 (the deprecated field's fixed
 * value) or none proves nothing and passes. The sizes must be the venue's own text: for a swap, whose sizes we
 * scale to base units, pass `toVenueSize` (ContractSizes.toVenue) to print them back in contracts.
 */
export function checksumMatches(
  book: { readonly bids: readonly DepthLevel[]; readonly asks: readonly DepthLevel[] },
  checksum: number | undefined,
  toVenueSize?: (size: string) => string,
): boolean {
  if (checksum === undefined || checksum === 0) return true;
  const venue = (levels: readonly DepthLevel[]): DepthLevel[] =>
    levels.slice(0, LEVELS).map(([price, size]): DepthLevel => [price, toVenueSize ? toVenueSize(size) : size]);
  return okxChecksum(venue(book.bids), venue(book.asks)) === checksum;
}
