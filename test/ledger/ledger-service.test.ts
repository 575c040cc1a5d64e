import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  verifyInclusion, verifyConsistency, openCheckpoint, cosignCheckpoint, leafHash, equalBytes, decodeEntry, isDomainErrorCode,
} from '../support/ledger-imports.js';
import { createLedgerFixture, sampleEntry, appendMany } from '../support/ledger-fixture.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';

test('append runs only inside the caller\'s transaction and returns consecutive indexes', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  assert.throws(() => f.ledger.append([sampleEntry(0)]), TypeError);
  const first = f.db.transaction(() => f.ledger.append([sampleEntry(0), sampleEntry(1)])).immediate();
  const second = f.db.transaction(() => f.ledger.append([sampleEntry(2)])).immediate();
  assert.deepEqual(first, [0, 1]);
  assert.deepEqual(second, [2]);
  assert.equal(f.ledger.size(), 3);
  assert.deepEqual(decodeEntry(f.ledger.entry(1).data).subject, { kind: 'payment', id: 'pay_1' });
});

test('a rolled-back transaction leaves no entry and no subtree hash behind', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 3);
  assert.throws(() =>
    f.db.transaction(() => {
      f.ledger.append([sampleEntry(3), sampleEntry(4), sampleEntry(5)]);
      throw new Error('the state change failed');
    }).immediate(),
  );
  assert.equal(f.ledger.size(), 3);
  appendMany(f, 5);
  const proof = f.ledger.inclusionProof(4, 8);
  assert.ok(verifyInclusion(proof));
});

test('proofs from the store verify against the sealed checkpoint', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 1234, 200);
  const checkpoint = f.ledger.seal();
  assert.ok(checkpoint);
  const opened = openCheckpoint(checkpoint.note, f.signer.verifierKey);
  assert.equal(opened.size, 1234);
  for (const index of [0, 1, 511, 512, 1000, 1233]) {
    const proof = f.ledger.inclusionProof(index, 1234);
    assert.ok(equalBytes(proof.leafHash, leafHash(f.ledger.entry(index).data)));
    assert.ok(verifyInclusion({ ...proof, root: opened.root }), `index ${index}`);
  }
  for (const size1 of [1, 2, 3, 700, 1024, 1233, 1234]) {
    const proof = f.ledger.consistencyProof(size1, 1234);
    assert.ok(verifyConsistency({ ...proof, root2: opened.root }), `size1 ${size1}`);
  }
});

test('proof requests outside the ledger are LEDGER.OUT_OF_RANGE', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 10);
  assert.throws(() => f.ledger.inclusionProof(10, 10), isDomainErrorCode('LEDGER.OUT_OF_RANGE'));
  assert.throws(() => f.ledger.inclusionProof(0, 11), isDomainErrorCode('LEDGER.OUT_OF_RANGE'));
  assert.throws(() => f.ledger.consistencyProof(0, 5), isDomainErrorCode('LEDGER.OUT_OF_RANGE'));
  assert.throws(() => f.ledger.consistencyProof(6, 5), isDomainErrorCode('LEDGER.OUT_OF_RANGE'));
  assert.throws(() => f.ledger.entry(10), isDomainErrorCode('LEDGER.NO_SUCH_ENTRY'));
});

test('blocks seal when full or when the interval has passed, never empty', (t) => {
  const f = createLedgerFixture({ blockMaxEntries: 10, blockIntervalMs: 500 });
  t.after(() => f.close());
  assert.equal(f.ledger.sealIfDue(), null, 'nothing pending: no empty block');
  f.clock.advance(1000);
  appendMany(f, 3);
  assert.equal(f.ledger.sealIfDue()?.size, 3, 'interval since the last seal has passed');
  appendMany(f, 3);
  f.clock.advance(100);
  assert.equal(f.ledger.sealIfDue(), null, 'young block of 3 waits');
  appendMany(f, 7);
  assert.equal(f.ledger.sealIfDue()?.size, 13, 'a full block seals at once');
  f.clock.advance(10_000);
  assert.equal(f.ledger.sealIfDue(), null, 'still nothing pending');
  assert.equal(f.ledger.seal(), null);
});

test('cosignatures from the known witness are stored beside their checkpoint and make entries final', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 5);
  const checkpoint = f.ledger.seal();
  assert.ok(checkpoint);
  appendMany(f, 2);
  f.ledger.seal();
  assert.equal(f.ledger.isFinal(0), false);
  const text = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);
  const cosignature = cosignCheckpoint(text, f.witness, 1_795_000_000);
  f.ledger.attachCosignature(5, cosignature.line);
  f.ledger.attachCosignature(5, cosignature.line); // idempotent
  assert.equal(f.ledger.checkpoint(5)?.cosignatures.length, 1);
  assert.ok(f.ledger.checkpoint(5)?.cosignedNote.endsWith(`${cosignature.line}\n`));
  assert.equal(f.ledger.isFinal(4), true);
  assert.equal(f.ledger.isFinal(5), false);
  // a cosignature over another checkpoint's text does not verify for this one
  assert.throws(() => f.ledger.attachCosignature(7, cosignature.line), isDomainErrorCode('LEDGER.BAD_SIGNATURE'));
  assert.throws(() => f.ledger.attachCosignature(6, cosignature.line), isDomainErrorCode('LEDGER.NO_SUCH_CHECKPOINT'));
});

test('the database itself refuses UPDATE, DELETE and shrinking checkpoints on the ledger tables', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 4);
  const checkpoint = f.ledger.seal();
  assert.ok(checkpoint);
  const text = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);
  f.ledger.attachCosignature(4, cosignCheckpoint(text, f.witness, 1_795_000_000).line);
  for (const sql of [
    "UPDATE ledger_entries SET leaf_data = x'00' WHERE idx = 0",
    'DELETE FROM ledger_entries WHERE idx = 3',
    "UPDATE ledger_entries SET subtree_hashes = zeroblob(32) WHERE idx = 1",
    "UPDATE ledger_checkpoints SET note = 'x'",
    'DELETE FROM ledger_checkpoints',
    'DELETE FROM ledger_cosignatures',
    "UPDATE ledger_cosignatures SET line = 'x'",
  ]) {
    assert.throws(() => f.db.exec(sql), /append-only/u, sql);
  }
  assert.throws(() => f.db.prepare("INSERT INTO ledger_checkpoints VALUES (2, zeroblob(32), 'x', 0)").run(), /never shrinks/u);
  assert.equal(f.ledger.size(), 4);
});

test('the store refuses leaves that do not start at the current size', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 2);
  const store = createSqliteLedgerStore(f.db);
  const leaf = { index: 5, data: new Uint8Array([1]), leafHash: leafHash(new Uint8Array([1])), subtreeHashes: new Uint8Array(0) };
  assert.throws(() => f.db.transaction(() => store.appendLeaves([leaf])).immediate(), /current size/u);
  assert.equal(f.ledger.size(), 2);
});
