// Field codecs for the wire format: each turns one typed value into plain JSON and back, checking the shape on the
// way in and naming the offending path when it is wrong. Money stays exact (a Decimal travels as its exact string),
// ids stay strings, times stay numbers. Paths are built only when asked for: a codec runs with `path` undefined (no
// string per field per message), and when that fails it runs again with paths to name the field (codec.ts).
import { Decimal, isDecimalString } from '../core/decimal.js';
import { WireFormatError } from './errors.js';

/** A value's wire form: plain JSON. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Where a value is (`p.bids[3].price`), or undefined on the fast path: a failure then throws without it. */
export type Path = string | undefined;

export interface Field<T> {
  encode(value: T, path: Path): Json;
  decode(wire: unknown, path: Path): T;
  /** Absent from the object when undefined (an optional property `key?:`), instead of written as null. */
  readonly optional?: boolean;
}

function fail(path: Path, rule: string): never {
  throw new WireFormatError(path ?? '(unknown)', rule);
}

const key = (path: Path, name: string): Path => (path === undefined ? undefined : `${path}.${name}`);
const index = (path: Path, i: number): Path => (path === undefined ? undefined : `${path}[${i}]`);

export const str: Field<string> = {
  encode: (value, path) => (typeof value === 'string' ? value : fail(path, 'must be a string')),
  decode: (wire, path) => (typeof wire === 'string' ? wire : fail(path, 'must be a string')),
};

/** A finite number (times in ms, sequence numbers). */
export const num: Field<number> = {
  encode: (value, path) => (typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'must be a finite number')),
  decode: (wire, path) => (typeof wire === 'number' && Number.isFinite(wire) ? wire : fail(path, 'must be a finite number')),
};

export const bool: Field<boolean> = {
  encode: (value, path) => (typeof value === 'boolean' ? value : fail(path, 'must be a boolean')),
  decode: (wire, path) => (typeof wire === 'boolean' ? wire : fail(path, 'must be a boolean')),
};

/** A Decimal as its exact string (`valueOf` keeps '-0' and every digit); never a float. */
export const dec: Field<Decimal> = {
  encode(value, path) {
    if (!(value instanceof Decimal) || !value.isFinite()) fail(path, 'must be a finite Decimal');
    return value.valueOf();
  },
  decode(wire, path) {
    if (typeof wire !== 'string' || !isDecimalString(wire)) fail(path, 'must be a decimal string');
    return new Decimal(wire);
  },
};

/** One of a fixed set of strings. */
export function oneOf<T extends string>(values: readonly T[]): Field<T> {
  const allowed = new Set<string>(values);
  const check = (value: unknown, path: Path): T => (typeof value === 'string' && allowed.has(value) ? (value as T) : fail(path, `must be one of ${values.join(', ')}`));
  return { encode: check, decode: check };
}

/** A property typed `T | undefined` that is always present: undefined travels as null. */
export function orUndefined<T>(field: Field<T>): Field<T | undefined> {
  return {
    encode: (value, path) => (value === undefined ? null : field.encode(value, path)),
    decode: (wire, path) => (wire === null || wire === undefined ? undefined : field.decode(wire, path)),
  };
}

/** An optional property `key?: T`: left out of the wire object and of the decoded object when undefined. */
export function optional<T>(field: Field<T>): Field<T | undefined> {
  return { ...orUndefined(field), optional: true };
}

export function arrayOf<T>(field: Field<T>): Field<readonly T[]> {
  return {
    encode: (value, path) => (Array.isArray(value) ? value.map((item, i) => field.encode(item as T, index(path, i))) : fail(path, 'must be an array')),
    decode: (wire, path) => (Array.isArray(wire) ? wire.map((item, i) => field.decode(item, index(path, i))) : fail(path, 'must be an array')),
  };
}

/** A fixed-length tuple of strings, e.g. a depth level [price, quantity] as the exchange printed it. */
export function stringPair(): Field<readonly [string, string]> {
  const check = (value: unknown, path: Path): readonly [string, string] => {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') fail(path, 'must be a [string, string] pair');
    return [value[0], value[1]] as const;
  };
  return { encode: (value, path) => check(value, path), decode: check };
}

export type Shape<T> = { readonly [K in keyof T]-?: Field<T[K]> };

/** An object with exactly these properties (unknown ones are left out when encoding and ignored when decoding). */
export function object<T>(shape: Shape<T>): Field<T> {
  const entries = Object.entries(shape) as [string, Field<unknown>][];
  return {
    encode(value, path) {
      if (value === null || typeof value !== 'object') fail(path, 'must be an object');
      const out: Record<string, Json> = {};
      for (const [name, field] of entries) {
        const item = (value as Record<string, unknown>)[name];
        if (field.optional && item === undefined) continue;
        out[name] = field.encode(item, key(path, name));
      }
      return out;
    },
    decode(wire, path) {
      if (wire === null || typeof wire !== 'object' || Array.isArray(wire)) fail(path, 'must be an object');
      const out: Record<string, unknown> = {};
      for (const [name, field] of entries) {
        const item = (wire as Record<string, unknown>)[name];
        if (field.optional && (item === undefined || item === null)) continue;
        out[name] = field.decode(item, key(path, name));
      }
      return out as T;
    },
  };
}

/** A literal string (an event's `type`). */
export function literal<T extends string>(value: T): Field<T> {
  return oneOf([value]);
}
