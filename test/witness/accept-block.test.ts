// acceptBlock in process on real SQLite files: what it does with a malformed but signed leaf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { acceptBlock, catchUpIndex } from '../../src/witness/index.js';
import { createLedgerFixture, sampleEntry } from '../support/ledger-fixture.js';
import { openMirror } from '../support/mirror.js';

test('a signed block with a malformed leaf is accepted (it is the log\'s history) and the indexer reports the entry', (t) => {
  const source = createLedgerFixture();
  t.after(() => source.close());
  source.db.transaction(() => {
    source.ledger.append([sampleEntry(0, source.clock)]);
    source.ledger.appendLeafData([new TextEncoder().encode('not json at all')]);
    source.ledger.append([sampleEntry(2, source.clock)]);
  }).immediate();
  const checkpoint = source.ledger.seal();
  assert.ok(checkpoint);

  const mirror = openMirror(source.clock);
  t.after(() => mirror.close());
  const { followed, deps } = mirror;
  const leaves = [...createSqliteLedgerStore(source.db).entries(0, 3)].map((e) => e.data);
  const outcome = acceptBlock(deps, { origin: followed.origin, checkpoint: checkpoint.note, firstIndex: 0, leaves });
  assert.equal(outcome.kind, 'accepted');
  const malformed: number[] = [];
  assert.equal(catchUpIndex(followed, (i) => malformed.push(i)), 3);
  assert.deepEqual(malformed, [1]);
  assert.equal(followed.mirror.index.indexedSize(), 3);
  assert.equal(catchUpIndex(followed), 0, 'nothing left to index');
  // a duplicate submission of the same block is answered with the same cosignature
  const again = acceptBlock(deps, { origin: followed.origin, checkpoint: checkpoint.note, firstIndex: 0, leaves });
  assert.equal(again.kind, 'accepted');
  assert.equal(again.kind === 'accepted' && again.duplicate, true);
  assert.equal(again.kind === 'accepted' && outcome.kind === 'accepted' && again.cosignature === outcome.cosignature, true);
});
