import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { formatInvoiceNumber, parseInvoiceNumber, isInvoiceNumber, PROVINCE_CODES, isDomainError } from '../../src/domain/index.js';

test('formats the 20-digit layout: year, province, channel, sequence', () => {
  assert.equal(formatInvoiceNumber({ year: 2026, provinceCode: '44', channel: 2, sequence: 1 }), '26442000000000000001');
  assert.deepEqual(parseInvoiceNumber('26442000000000000001'), { year: 2026, provinceCode: '44', channel: 2, sequence: 1 });
});

test('parse ∘ format round-trips', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2000, max: 2099 }),
      fc.constantFrom(...PROVINCE_CODES),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 1, max: 999_999_999_999_999 }),
      (year, provinceCode, channel, sequence) => {
        const parts = { year, provinceCode, channel, sequence };
        assert.deepEqual(parseInvoiceNumber(formatInvoiceNumber(parts)), parts);
      },
    ),
  );
});

test('refuses malformed numbers with INVOICE_NUMBER.INVALID', () => {
  for (const bad of ['2644200000000000001', '264420000000000000011', '2699200000000000001X', '26992000000000000001', '26442000000000000000']) {
    assert.equal(isInvoiceNumber(bad), false, bad);
    assert.throws(() => parseInvoiceNumber(bad), (e: unknown) => isDomainError(e) && e.code === 'INVOICE_NUMBER.INVALID');
  }
});

test('out-of-range parts are caller bugs', () => {
  assert.throws(() => formatInvoiceNumber({ year: 2026, provinceCode: '99', channel: 0, sequence: 1 }), RangeError);
  assert.throws(() => formatInvoiceNumber({ year: 2026, provinceCode: '44', channel: 10, sequence: 1 }), RangeError);
  assert.throws(() => formatInvoiceNumber({ year: 2026, provinceCode: '44', channel: 0, sequence: 1e15 }), RangeError);
});
