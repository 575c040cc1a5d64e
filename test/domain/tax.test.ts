import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { computeLine, checkLineTolerance, sumLines, TAX_RATES, rateLabel, isDomainError, type TaxRate } from '../../src/domain/index.js';

test('tax-exclusive line: tax = round_half_up(net × rate)', () => {
  assert.deepEqual(computeLine({ unitPrice: 10000, quantity: 1, rate: '13%', priceIncludesTax: false }), { net: 10000, tax: 1300, gross: 11300 });
  // 0.50 × 9% = 4.5 fen rounds up to 5
  assert.deepEqual(computeLine({ unitPrice: 50, quantity: 1, rate: '9%', priceIncludesTax: false }), { net: 50, tax: 5, gross: 55 });
  // 0.49 × 9% = 4.41 fen rounds to 4
  assert.deepEqual(computeLine({ unitPrice: 49, quantity: 1, rate: '9%', priceIncludesTax: false }), { net: 49, tax: 4, gross: 53 });
});

test('tax-inclusive line: net = round_half_up(gross / (1 + rate)), tax = gross − net', () => {
  // 128.00 / 1.13 = 113.2743… → 113.27, tax 14.73
  assert.deepEqual(computeLine({ unitPrice: 12800, quantity: 1, rate: '13%', priceIncludesTax: true }), { net: 11327, tax: 1473, gross: 12800 });
  // 1.06 / 1.06 = 1.00 exactly
  assert.deepEqual(computeLine({ unitPrice: 106, quantity: 1, rate: '6%', priceIncludesTax: true }), { net: 100, tax: 6, gross: 106 });
});

test('quantities may be decimals; the line amount rounds half up before tax', () => {
  // 3.33 × 1.5 = 4.995 → 5.00
  assert.deepEqual(computeLine({ unitPrice: 333, quantity: '1.5', rate: '0%', priceIncludesTax: false }), { net: 500, tax: 0, gross: 500 });
  assert.throws(() => computeLine({ unitPrice: 1, quantity: '0', rate: '0%', priceIncludesTax: false }), (e: unknown) => isDomainError(e) && e.code === 'TAX.INVALID_QUANTITY');
  assert.throws(() => computeLine({ unitPrice: 1, quantity: '1.1234567', rate: '0%', priceIncludesTax: false }), (e: unknown) => isDomainError(e) && e.code === 'TAX.INVALID_QUANTITY');
});

test('red lines mirror blue lines to the fen', () => {
  for (const rate of TAX_RATES) {
    for (const price of [1, 49, 50, 12800, 99999]) {
      for (const priceIncludesTax of [true, false]) {
        const blue = computeLine({ unitPrice: price, quantity: 1, rate, priceIncludesTax });
        const red = computeLine({ unitPrice: -price, quantity: 1, rate, priceIncludesTax });
        const negate = (x: number): number => (x === 0 ? 0 : -x);
        assert.deepEqual(red, { net: negate(blue.net), tax: negate(blue.tax), gross: negate(blue.gross) });
      }
    }
  }
});

test('markers carry no tax and print as the tax system prints them', () => {
  for (const rate of ['EXEMPT', 'NOT_SUBJECT', 'ZERO_RATED'] as const) {
    assert.equal(computeLine({ unitPrice: 9999, quantity: 3, rate, priceIncludesTax: false }).tax, 0);
  }
  assert.equal(rateLabel('EXEMPT'), '免税');
  assert.equal(rateLabel('NOT_SUBJECT'), '不征税');
  assert.throws(() => computeLine({ unitPrice: 1, quantity: 1, rate: '17%' as TaxRate, priceIncludesTax: false }), (e: unknown) => isDomainError(e) && e.code === 'TAX.UNKNOWN_RATE');
});

test('net + tax = gross for every tax-inclusive line, and every computed line is within tolerance', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e11, max: 1e11 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom(...TAX_RATES),
      fc.boolean(),
      (unitPrice, quantity, rate, priceIncludesTax) => {
        const line = computeLine({ unitPrice, quantity, rate, priceIncludesTax });
        assert.equal(line.net + line.tax, line.gross);
        assert.ok(checkLineTolerance({ net: line.net, tax: line.tax, rate }).withinTolerance);
      },
    ),
    { numRuns: 3000 },
  );
});

test('checkLineTolerance flags a deviation above 6 fen and accepts exactly 6', () => {
  assert.equal(checkLineTolerance({ net: 10000, tax: 1306, rate: '13%' }).withinTolerance, true);
  assert.equal(checkLineTolerance({ net: 10000, tax: 1307, rate: '13%' }).withinTolerance, false);
  assert.equal(checkLineTolerance({ net: 10000, tax: 1307, rate: '13%' }).deviationCentiFen, 700);
});

test('invoice totals are the sums of the lines', () => {
  const lines = [
    computeLine({ unitPrice: 50, quantity: 1, rate: '9%', priceIncludesTax: false }),
    computeLine({ unitPrice: 50, quantity: 1, rate: '9%', priceIncludesTax: false }),
  ];
  // per line 4.5 → 5 each: 10 fen, not round(100 × 9%) = 9
  assert.deepEqual(sumLines(lines), { net: 100, tax: 10, gross: 110 });
});
