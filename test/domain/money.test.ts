import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { parseYuan, formatYuan, allocate, addFen, multiplyFen, isDomainError, MAX_AMOUNT_FEN, isAmountFen, toCapitalAmount } from '../../src/domain/index.js';

test('parseYuan accepts the plain, grouped and symbol forms', () => {
  assert.equal(parseYuan('1234'), 123400);
  assert.equal(parseYuan('1234.5'), 123450);
  assert.equal(parseYuan('1234.50'), 123450);
  assert.equal(parseYuan('¥1,234.50'), 123450);
  assert.equal(parseYuan('1,234.50'), 123450);
  assert.equal(parseYuan('0.01'), 1);
  assert.equal(parseYuan('-12.30'), -1230);
  assert.equal(parseYuan('9999999999999.99'), 999999999999999);
});

for (const bad of ['1.234', '1e3', '-0', '-0.00', '', ' 12', '12 ', '12.345', '12345678901234', '01', '1,23', '12,345,67', '.5', '5.', 'NaN', '1_000', '１２']) {
  test(`parseYuan refuses ${JSON.stringify(bad)} with an error naming it`, () => {
    assert.throws(
      () => parseYuan(bad),
      (error: unknown) => isDomainError(error) && error.code === 'MONEY.INVALID_AMOUNT' && error.message.includes(`"${bad}"`),
    );
  });
}

test('formatYuan writes two decimals', () => {
  assert.equal(formatYuan(123450), '1234.50');
  assert.equal(formatYuan(5), '0.05');
  assert.equal(formatYuan(-5), '-0.05');
  assert.equal(formatYuan(0), '0.00');
  assert.throws(() => formatYuan(1.5), RangeError);
});

test('parse ∘ format is the identity on every safe amount of at most 13 integer digits', () => {
  fc.assert(
    fc.property(fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), (fen) => {
      assert.equal(parseYuan(formatYuan(fen)), fen);
    }),
    { numRuns: 2000 },
  );
});

test('checked arithmetic refuses to leave the safe integer range', () => {
  assert.throws(() => addFen(Number.MAX_SAFE_INTEGER, 1), RangeError);
  assert.throws(() => multiplyFen(2 ** 40, 2 ** 20), RangeError);
  assert.equal(multiplyFen(-3, 7), -21);
});

test('allocate splits without losing or inventing a fen', () => {
  assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
  assert.deepEqual(allocate(5, [0, 1, 0]), [0, 5, 0]);
  assert.throws(() => allocate(5, []), RangeError);
  assert.throws(() => allocate(5, [0, 0]), RangeError);
  fc.assert(
    fc.property(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0)),
      (total, weights) => {
        const parts = allocate(total, weights);
        assert.equal(parts.reduce((a, b) => a + b, 0), total);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => {
          // each part is within one fen of its exact share: |part·W − total·w| < W
          const deviation = BigInt(part) * BigInt(weightSum) - BigInt(total) * BigInt(weights[i] ?? 0);
          assert.ok((deviation < 0n ? -deviation : deviation) < BigInt(weightSum));
        });
      },
    ),
    { numRuns: 1000 },
  );
});

test('one maximum for every amount that enters: 10^15 − 1 fen (13 digits of yuan)', () => {
  assert.equal(MAX_AMOUNT_FEN, 999_999_999_999_999);
  assert.equal(parseYuan('9999999999999.99'), MAX_AMOUNT_FEN);
  assert.throws(() => parseYuan('10000000000000.00'), /13 integer digits/u);
  assert.equal(isAmountFen(MAX_AMOUNT_FEN), true);
  assert.equal(isAmountFen(MAX_AMOUNT_FEN + 1), false);
  assert.equal(isAmountFen(Number.MAX_SAFE_INTEGER), false);
  assert.equal(isAmountFen(0), false);
  assert.equal(isAmountFen(1.5), false);
  // 9 万亿 9999 亿 9999 万 9999 元 9 角 9 分: the capitals can write every amount accepted
  assert.equal(toCapitalAmount(MAX_AMOUNT_FEN), '玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分');
});
