// The largest leaf the platform writes is a protocol constant (the tax node sizes its body
// limit from it): a larger entry is refused with a typed error and nothing is appended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../../src/domain/index.js';
import { encodeEntry, MAX_ENTRY_BYTES, type LedgerEntry } from '../../src/ledger/index.js';
import { createLedgerFixture, sampleEntry } from '../support/ledger-fixture.js';

function entryOfSize(bytes: number): LedgerEntry {
  const base = sampleEntry(0);
  const overhead = encodeEntry({ ...base, data: { ...base.data, pad: '' } }).length;
  return { ...base, data: { ...base.data, pad: 'x'.repeat(bytes - overhead) } };
}

test('an entry of exactly MAX_ENTRY_BYTES is written; one byte more is LEDGER.ENTRY_TOO_LARGE and appends nothing', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  assert.equal(encodeEntry(entryOfSize(MAX_ENTRY_BYTES)).length, MAX_ENTRY_BYTES);
  f.db.transaction(() => f.ledger.append([entryOfSize(MAX_ENTRY_BYTES)])).immediate();
  assert.equal(f.ledger.size(), 1);
  assert.throws(
    () => f.db.transaction(() => f.ledger.append([sampleEntry(1, f.clock), entryOfSize(MAX_ENTRY_BYTES + 1)])).immediate(),
    (error: unknown) => isDomainError(error) && error.code === 'LEDGER.ENTRY_TOO_LARGE' && error.details['limit'] === MAX_ENTRY_BYTES,
  );
  assert.equal(f.ledger.size(), 1, 'the whole append was refused');
});
