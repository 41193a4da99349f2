import { expect } from 'chai';
import fc from 'fast-check';
import { hasDigitRun16, parseJsonLossless, quoteUnsafeIntegers, stringifyJson } from '../../../lib/core/lossless-json.js';

/** What the lossless parse must give for a value written by stringifyJson: unsafe integers as their digits. */
function expected(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    // A double such as 1.2345678901234567e19 prints as an integer literal: it is an unsafe integer in the text.
    return /^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text)) ? text : JSON.parse(text);
  }
  if (Array.isArray(value)) return value.map(expected);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v)]));
  return value;
}

/** Strings full of what the pre-pass must skip: long digit runs, quotes, backslashes, minus signs. */
const trickyString = fc.string({ unit: fc.constantFrom('1', '2', '9', '0', '"', '\\', '-', 'u', '.', 'e', ' ', 'a'), maxLength: 40 });
const bigInteger = fc.oneof(
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 53n + 5n }),
  fc.bigInt({ min: -(2n ** 53n) - 5n, max: -(2n ** 53n) + 5n }),
);
const { value: jsonWithBigInts } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    bigInteger,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    trickyString,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
  ),
}));

const outcome = (parse: (text: string) => unknown, text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).constructor.name };
  }
};

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 as their exact digits, everything else as JSON.parse gives it', () => {
    const text = '{"a":9223372036854775807,"b":[1.5e300,"12345678901234567890",9007199254740991,9007199254740992,-9007199254740993,12345678901234567.5,1e22]}';
    expect(parseJsonLossless(text)).to.deep.equal({
      a: '9223372036854775807',
      b: [1.5e300, '12345678901234567890', 9007199254740991, '9007199254740992', '-9007199254740993', Number('12345678901234567.5'), 1e22],
    });
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    const text = '["a\\"12345678901234567890\\\\", 12345678901234567890, "\\u0022 99999999999999999"]';
    expect(parseJsonLossless(text)).to.deep.equal(['a"12345678901234567890\\', '12345678901234567890', '" 99999999999999999']);
  });

  it('quotes no number with a leading zero, a fraction or an exponent, so invalid stays invalid', () => {
    expect(quoteUnsafeIntegers('[01234567890123456789]')).to.equal('[01234567890123456789]');
    expect(() => parseJsonLossless('[01234567890123456789]')).to.throw(SyntaxError);
    expect(() => parseJsonLossless('[12345678901234567890.]')).to.throw(SyntaxError);
    expect(() => parseJsonLossless('{"a":12345678901234567890')).to.throw(SyntaxError);
    expect(() => parseJsonLossless('"12345678901234567890')).to.throw(SyntaxError);
  });

  it('returns the text itself when there is nothing to quote (the fast path)', () => {
    const text = '{"e":"trade","t":12345,"s":"12345678901234567"}';
    expect(quoteUnsafeIntegers(text)).to.equal(text);
  });

  it('is JSON.parse with unsafe integers as digit strings, for any JSON value (property)', () => {
    fc.assert(
      fc.property(jsonWithBigInts, (value) => {
        expect(parseJsonLossless(stringifyJson(value))).to.deep.equal(expected(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws exactly when JSON.parse throws, on mutated texts (property)', () => {
    const mutation = fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('"', '\\', '0', '1', '-', '.', 'e', '+', ',', '{', '}', '[', ']', ':', ' ', 'x'));
    fc.assert(
      fc.property(jsonWithBigInts, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
        let text = stringifyJson(value);
        for (const [at, cut, insert] of mutations) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        const plain = outcome(JSON.parse, text);
        const lossless = outcome(parseJsonLossless, text);
        expect(lossless.ok).to.equal(plain.ok, text);
        if (!plain.ok) expect(lossless).to.deep.equal(plain);
        else if (!/\d{16}/.test(text)) expect(lossless).to.deep.equal(plain);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hasDigitRun16', () => {
  it('agrees with /\\d{16}/ on any text (property)', () => {
    // Mostly digits, so runs of 16 and of 15 both come up often.
    const unit = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('0', '5', '9') }, { weight: 1, arbitrary: fc.constantFrom('a', '"', ',') });
    let withRun = 0;
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 120, size: 'max' }), (t) => {
        const want = /\d{16}/.test(t);
        if (want) withRun += 1;
        expect(hasDigitRun16(t)).to.equal(want, t);
      }),
      { numRuns: 5000 },
    );
    expect(withRun).to.be.within(500, 4500);
    expect(hasDigitRun16('x'.repeat(17) + '1234567890123456')).to.equal(true);
    expect(hasDigitRun16('123456789012345x123456789012345')).to.equal(false);
  });
});

describe('stringifyJson', () => {
  it('writes bigints as exact number literals and everything else as JSON.stringify does', () => {
    expect(stringifyJson({ id: 2n ** 63n - 1n, ids: [1n, -2n], s: 'x', n: 1.5 })).to.equal('{"id":9223372036854775807,"ids":[1,-2],"s":"x","n":1.5}');
    expect(stringifyJson({ a: '\u0001', b: [null] })).to.equal(JSON.stringify({ a: '\u0001', b: [null] }));
  });
});
