import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { canonicalJson } from '../../src/ledger/index.js';

test('RFC 8785 §3.2.2 example: literals, numbers and strings serialise canonically', () => {
  const input = JSON.parse(
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
  ) as unknown;
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('RFC 8785 §3.2.3 example: members sorted by UTF-16 code units', () => {
  const input = {
    '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
  const order = [...canonicalJson(input).matchAll(/"([^"]*)":"([^"]*)"/gu)].map((m) => m[2]);
  assert.equal(keys.length, 7);
  assert.deepEqual(order, [
    'Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh',
  ]);
});

test('RFC 8785 Appendix B number serialisation samples', () => {
  const samples: Array<[number, string]> = [
    [0, '0'], [-0, '0'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'], [295147905179352830000, '295147905179352830000'],
    [1e21, '1e+21'], [0.000001, '0.000001'], [1e-7, '1e-7'],
  ];
  for (const [value, text] of samples) assert.equal(canonicalJson(value), text);
});

test('refuses what JSON cannot carry faithfully', () => {
  assert.throws(() => canonicalJson(Number.NaN), RangeError);
  assert.throws(() => canonicalJson({ a: undefined }), TypeError);
  assert.throws(() => canonicalJson(new Date()), TypeError);
  assert.throws(() => canonicalJson('\ud800'), RangeError);
  assert.throws(() => canonicalJson(1n), TypeError);
});

// The serialiser takes shortcuts for speed; a plain one written straight from the RFC's rules
// (JSON.stringify for every primitive, members sorted) must give the same bytes.
function referenceJcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceJcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${referenceJcs(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('canonicalJson equals the plain reference on random JSON values', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      let wellFormed = true;
      JSON.stringify(value, (_k, v: unknown) => {
        if (typeof v === 'string' && /\p{Surrogate}/u.test(v)) wellFormed = false;
        return v;
      });
      if (!wellFormed) return;
      assert.equal(canonicalJson(value), referenceJcs(value));
    }),
    { numRuns: 3000 },
  );
  // U+2028 sorts after "n" and is not escaped (RFC 8785 §3.2.2.2); -0 is 0; 1e21 keeps its exponent
  assert.equal(canonicalJson({ 'a"b': 'c\u0001\\', '\u2028': -0, n: 1e21 }), '{"a\\"b":"c\\u0001\\\\","n":1e+21,"\u2028":0}');
});
