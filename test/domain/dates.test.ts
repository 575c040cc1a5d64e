// Strict calendars and plausible windows (src/domain/time.ts, period.ts): a date that does not
// exist is refused, never normalised; instants and periods outside their windows are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  EARLIEST_PAID_AT, LEDGER_EPOCH_DATE, daysInMonth, isCalendarDate, isDomainError, parseInstant, parsePaidAt, parseTaxPeriod,
} from '../../src/domain/index.js';

const NOW = new Date('2026-11-21T02:00:00.000Z');
const paidAt = (value: string): string => parsePaidAt(value, { now: NOW, toleranceSeconds: 300, field: 'data.paidAt' });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
};

test('calendar dates exist or are refused: no 30 February, 29 February only in leap years', () => {
  assert.equal(isCalendarDate('2026-02-28'), true);
  assert.equal(isCalendarDate('2026-02-29'), false);
  assert.equal(isCalendarDate('2024-02-29'), true);
  assert.equal(isCalendarDate('2000-02-29'), true);
  assert.equal(isCalendarDate('1900-02-29'), false);
  for (const bad of ['2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '2026-1-01', '20260101']) {
    assert.equal(isCalendarDate(bad), false, bad);
  }
});

test('property: isCalendarDate agrees with the proleptic Gregorian calendar of Date.UTC', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const date = new Date(0);
      date.setUTCFullYear(y, m - 1, d);
      const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
      assert.equal(isCalendarDate(text), real, text);
      if (m >= 1 && m <= 12) assert.equal(daysInMonth(y, m) >= 28, true);
    }),
    { seed: 1122, numRuns: 2000 },
  );
});

test('instants are strict RFC 3339 with an offset, on real dates', () => {
  assert.equal(parseInstant('2026-11-21T10:00:00+08:00'), '2026-11-21T02:00:00.000Z');
  assert.equal(parseInstant('2026-11-21T02:00:00.123Z'), '2026-11-21T02:00:00.123Z');
  for (const bad of ['2026-02-30T00:00:00Z', '2026-11-21T24:00:00Z', '2026-11-21T10:60:00Z', '2026-11-21T10:00:60Z', '2026-11-21T10:00:00', '2026-11-21', 'yesterday', '+012026-11-21T00:00:00Z']) {
    assert.equal(parseInstant(bad), null, bad);
  }
});

test('paidAt lies between 2000-01-01 and now plus the webhook tolerance', () => {
  assert.equal(EARLIEST_PAID_AT, '2000-01-01T00:00:00.000Z');
  assert.equal(paidAt('2000-01-01T00:00:00Z'), EARLIEST_PAID_AT);
  assert.equal(paidAt('2026-11-21T02:05:00Z'), '2026-11-21T02:05:00.000Z', 'the tolerance ahead is allowed');
  assert.equal(codeOf(() => paidAt('2026-11-21T02:05:01Z')), 'TIME.IMPLAUSIBLE');
  assert.equal(codeOf(() => paidAt('1999-12-31T23:59:59Z')), 'TIME.IMPLAUSIBLE');
  assert.equal(codeOf(() => paidAt('9999-12-31T00:00:00Z')), 'TIME.IMPLAUSIBLE');
  assert.equal(codeOf(() => paidAt('2026-02-30T00:00:00Z')), 'TIME.INVALID');
});

test('tax periods: strict shape, not before the ledger epoch, not after the current period', () => {
  assert.equal(LEDGER_EPOCH_DATE, '2021-12-01');
  assert.deepEqual(parseTaxPeriod('2026-11', { now: NOW }), { period: '2026-11', kind: 'MONTH', from: '2026-11-01', to: '2026-11-30' });
  assert.deepEqual(parseTaxPeriod('2024-02'), { period: '2024-02', kind: 'MONTH', from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(parseTaxPeriod('2026-Q4', { now: NOW }), { period: '2026-Q4', kind: 'QUARTER', from: '2026-10-01', to: '2026-12-31' });
  assert.equal(parseTaxPeriod('2021-12').from, '2021-12-01');
  assert.equal(parseTaxPeriod('2021-Q4').from, '2021-10-01', 'the quarter that holds the epoch');
  for (const bad of ['0000-01', '2021-11', '2021-Q3', '9999-12', '2026-12', '2027-Q1', '2026-13', '2026-Q5', '2026-1', ' 2026-11']) {
    assert.equal(codeOf(() => parseTaxPeriod(bad, { now: NOW })), 'TAX.BAD_PERIOD', bad);
  }
  // Beijing is already in December at 2026-11-30T16:00Z
  assert.equal(parseTaxPeriod('2026-12', { now: new Date('2026-11-30T16:00:00Z') }).from, '2026-12-01');
});
