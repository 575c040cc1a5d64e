import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { cleanText, fenFromYuan, instantFromBeijingLocal, instantFromRfc3339, isCleanText } from '../../src/providers/_fields.js';
import { encodeForm, parseSignedForm } from '../../src/providers/index.js';

test('RFC 3339 date-times are strict: real calendar days, fields in range, an explicit offset', () => {
  assert.equal(instantFromRfc3339('2026-11-23T10:46:02+08:00'), '2026-11-23T02:46:02.000Z');
  assert.equal(instantFromRfc3339('2028-02-29T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(instantFromRfc3339('2026-11-23T10:46:02.123456+08:00'), '2026-11-23T02:46:02.123Z');
  assert.equal(instantFromRfc3339('2026-11-23T10:46:02-05:30'), '2026-11-23T16:16:02.000Z');
  for (const bad of ['2027-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-23T24:00:00Z', '2026-11-23T23:60:00Z',
    '2026-11-23T23:59:60Z', '2026-11-23T10:46:02', '2026-11-23 10:46:02+08:00', '2026-11-23T10:46:02+24:00', '2026-11-23T10:46:02+0800', ' 2026-11-23T10:46:02Z', '1969-12-31T23:59:59Z']) {
    assert.equal(instantFromRfc3339(bad), null, bad);
  }
});

test('Alipay\'s Beijing local times become instants; milliseconds are kept', () => {
  assert.equal(instantFromBeijingLocal('2026-11-23 10:46:02'), '2026-11-23T02:46:02.000Z');
  assert.equal(instantFromBeijingLocal('2026-01-01 07:59:59.320'), '2025-12-31T23:59:59.320Z');
  for (const bad of ['2026-11-23T10:46:02', '2026-02-29 10:00:00', '2026-11-23 10:46', '2026-11-23 10:46:02.32']) assert.equal(instantFromBeijingLocal(bad), null, bad);
});

test('provider yuan amounts are exact decimals within the domain maximum', () => {
  assert.equal(fenFromYuan('128.00', 1), 12800);
  assert.equal(fenFromYuan('0.5', 1), 50);
  assert.equal(fenFromYuan('9999999999999.99', 1), 999_999_999_999_999);
  for (const bad of ['0.00', '128.001', '1e3', '-1.00', '¥1.00', '1,000.00', ' 1.00', '10000000000000.00', '01.00', '']) assert.equal(fenFromYuan(bad, 1), null, bad);
});

test('free text refuses control characters and lone surrogates, and keeps paired ones', () => {
  assert.ok(isCleanText('咖啡 ☕ 😀', 20));
  for (const bad of ['', 'a\u0000', 'a\u007f', 'a\u0085', 'a\ud800', '\udc00a', 'x'.repeat(21)]) assert.ok(!isCleanText(bad, 20), JSON.stringify(bad));
});

test('free text follows the domain text policy: bidi overrides and invisible-only text are refused, text is recorded in NFC and trimmed', () => {
  for (const bad of ['a\u202Eb', '\u200B\u200B', '   ', 'a\u2028b']) assert.equal(cleanText(bad, 20), null, JSON.stringify(bad));
  assert.equal(cleanText(' cafe\u0301 ', 20), 'caf\u00e9');
  assert.equal(cleanText('"'.repeat(128), 128), '"'.repeat(128));
});

test('a form encodes and parses back to the same parameters (seeded)', () => {
  const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/u);
  const value = fc.string({ unit: 'grapheme', maxLength: 40 });
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, minLength: 1, maxLength: 20 }), (entries) => {
      const parsed = parseSignedForm(encodeForm(entries));
      return 'params' in parsed && JSON.stringify([...parsed.params]) === JSON.stringify(entries);
    }),
    { seed: 1414, numRuns: 300 },
  );
});
