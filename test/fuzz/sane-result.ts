// What "a right result" means for a parser fed junk: whatever it accepted holds no NaN, no Infinity,
// no number beyond 2^53 and no depth level that is not a plain decimal string. Returns why not, or undefined.
import { Decimal } from '../../lib/core/decimal.js';

const LEVEL = /^\d+(\.\d+)?$/;

/** `skip`: keys whose value is the venue's own opaque data (a reply's `result`), not parsed by us. */
export function insaneField(value: unknown, skip: ReadonlySet<string> = new Set(['result', 'data']), path = '', depth = 0): string | undefined {
  if (depth > 20) return `${path}: nested deeper than a parsed model can be`;
  if (value instanceof Decimal) return value.isFinite() ? undefined : `${path}: ${value.toString()} is not finite`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${path}: ${value} is not finite`;
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return `${path}: ${value} is beyond 2^53`;
    return undefined;
  }
  if (Array.isArray(value)) {
    const isLevel = value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
    if (isLevel && (!LEVEL.test(value[0] as string) || !LEVEL.test(value[1] as string))) return `${path}: level ${JSON.stringify(value)} is not decimal`;
    for (const [i, item] of value.entries()) {
      const why = insaneField(item, skip, `${path}[${i}]`, depth + 1);
      if (why) return why;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (skip.has(key)) continue;
      const why = insaneField(item, skip, path ? `${path}.${key}` : key, depth + 1);
      if (why) return why;
    }
  }
  return undefined;
}
