// CompactRange against RFC 9162 §2.1.1 written straight from the definition
// (test/support/reference-merkle.ts): one leaf at a time, ranges merged at random split points,
// and two ranges merged, all give the reference's roots and subtree hashes, on both hashers; the
// subtrees it reports are exactly the ones the SQLite ledger store keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  CompactRange, portableHasher, rangeLevels, serverHasher, storedRange, type NodeVisitor, type TreeHasher,
} from '../../src/ledger/index.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { createLedgerFixture } from '../support/ledger-fixture.js';
import { ReferenceTree } from '../support/reference-merkle.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const hashers: Array<[string, TreeHasher]> = [['@noble/hashes', portableHasher], ['node:crypto', serverHasher]];

/** Leaf data, and sorted split points in [0, leaves.length]. */
const leavesAndSplits = fc
  .record({ leaves: fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 300 }), cuts: fc.array(fc.nat(), { maxLength: 6 }) })
  .map(({ leaves, cuts }) => ({ leaves, splits: [...new Set(cuts.map((c) => c % (leaves.length + 1)))].sort((a, b) => a - b) }));

/** Records every reported node, checking it against the reference as it comes. */
function recorder(reference: ReferenceTree, seen: Map<string, string>): NodeVisitor {
  return (level, index, hash) => {
    const width = 2 ** level;
    assert.equal(hex(hash), hex(reference.mth(index * width, (index + 1) * width)), `reported node ${level}:${index}`);
    seen.set(`${level}:${index}`, hex(hash));
  };
}

function rangeOf(hasher: TreeHasher, leaves: readonly Uint8Array[], begin: number, end: number, visitor?: NodeVisitor): CompactRange {
  const range = CompactRange.empty(hasher, begin);
  for (let i = begin; i < end; i += 1) range.appendLeaf(leaves[i] as Uint8Array, visitor);
  return range;
}

/** The reference hashes of the perfect subtrees covering [begin, end), left to right. */
function referenceHashes(reference: ReferenceTree, begin: number, end: number): string[] {
  let position = begin;
  return rangeLevels(begin, end).map((level) => {
    const hash = reference.mth(position, position + 2 ** level);
    position += 2 ** level;
    return hex(hash);
  });
}

for (const [name, hasher] of hashers) {
  test(`${name}: one leaf at a time, ranges merged at random split points, and two halves merged all give the RFC 9162 root`, () => {
    fc.assert(
      fc.property(leavesAndSplits, ({ leaves, splits }) => {
        const reference = new ReferenceTree(leaves);
        const n = leaves.length;
        const expected = hex(reference.mth(0, n));

        const oneByOne = rangeOf(hasher, leaves, 0, n);
        assert.equal(hex(oneByOne.rootHash()), expected, 'appended one by one');
        assert.deepEqual(oneByOne.hashes.map(hex), referenceHashes(reference, 0, n));

        // [0, s1) + [s1, s2) + … + [sk, n), each built on its own from its own begin
        const bounds = [0, ...splits.filter((s) => s > 0 && s < n), n];
        const merged = CompactRange.empty(hasher);
        for (let i = 0; i + 1 < bounds.length; i += 1) {
          const part = rangeOf(hasher, leaves, bounds[i] as number, bounds[i + 1] as number);
          assert.deepEqual(part.hashes.map(hex), referenceHashes(reference, part.begin, part.end), `range [${part.begin}, ${part.end})`);
          merged.appendRange(part);
        }
        assert.equal(merged.end, n);
        assert.equal(hex(merged.rootHash()), expected, `merged at ${bounds.join(', ')}`);
        assert.deepEqual(merged.hashes.map(hex), oneByOne.hashes.map(hex));

        // two ranges that do not start at 0 merge into one that still does not: [a, s) + [s, n)
        const a = splits[0] ?? 0;
        const s = splits.at(-1) ?? n;
        const left = rangeOf(hasher, leaves, a, s);
        left.appendRange(rangeOf(hasher, leaves, s, n));
        assert.deepEqual(left.hashes.map(hex), referenceHashes(reference, a, n), `[${a}, ${s}) + [${s}, ${n})`);
      }),
      { numRuns: 150 },
    );
  });

  test(`${name}: every subtree a merge completes is reported once, with the reference hash`, () => {
    fc.assert(
      fc.property(leavesAndSplits, ({ leaves, splits }) => {
        const reference = new ReferenceTree(leaves);
        const n = leaves.length;
        // every perfect subtree of level ≥ 1 inside [0, n)
        const perfect: string[] = [];
        for (let width = 2, level = 1; width <= n; width *= 2, level += 1) {
          for (let index = 0; (index + 1) * width <= n; index += 1) perfect.push(`${level}:${index}`);
        }
        const seenOneByOne = new Map<string, string>();
        rangeOf(hasher, leaves, 0, n, recorder(reference, seenOneByOne));
        assert.deepEqual([...seenOneByOne.keys()].sort(), [...perfect].sort());

        // merging reports the nodes that span a split; the parts report the ones inside them
        const seenMerged = new Map<string, string>();
        const visitor = recorder(reference, seenMerged);
        const bounds = [0, ...splits.filter((s) => s > 0 && s < n), n];
        const merged = CompactRange.empty(hasher);
        for (let i = 0; i + 1 < bounds.length; i += 1) merged.appendRange(rangeOf(hasher, leaves, bounds[i] as number, bounds[i + 1] as number, visitor), visitor);
        assert.deepEqual([...seenMerged.keys()].sort(), [...perfect].sort());
      }),
      { numRuns: 100 },
    );
  });
}

test('the subtrees reported while appending are the ones the SQLite ledger store stores, batch by batch', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 70 }), { minLength: 1, maxLength: 5 }), (batches) => {
      const fixture = createLedgerFixture();
      try {
        const store = createSqliteLedgerStore(fixture.db);
        const reported = new Map<string, Uint8Array>();
        const independent = CompactRange.empty(portableHasher);
        for (const batch of batches) {
          // the range the ledger will start from, rebuilt from the store as the append path does
          assert.deepEqual(storedRange(store, fixture.ledger.size()).hashes.map(hex), independent.hashes.map(hex));
          for (const data of batch) independent.appendLeaf(data, (level, index, hash) => reported.set(`${level}:${index}`, hash));
          fixture.db.transaction(() => fixture.ledger.appendLeafData(batch)).immediate();
          assert.equal(hex(fixture.ledger.rootAt(independent.end)), hex(independent.rootHash()));
        }
        for (const [id, hash] of reported) {
          const [level, index] = id.split(':').map(Number) as [number, number];
          const stored = store.storedNode(level, index);
          assert.ok(stored, `node ${id} is stored`);
          assert.equal(hex(stored), hex(hash), `node ${id}`);
        }
        const total = batches.reduce((sum, b) => sum + b.length, 0);
        assert.equal(reported.size, total - [...total.toString(2)].filter((bit) => bit === '1').length, 'one subtree per merge: n − popcount(n)');
      } finally {
        fixture.close();
      }
    }),
    { numRuns: 25 },
  );
});

test('misuse is a RangeError naming the values', () => {
  const leaf = new Uint8Array(32);
  assert.throws(() => new CompactRange(serverHasher, 0, 3, [leaf]), /range \[0, 3\) needs 2 hashes, got 1/u);
  assert.throws(() => new CompactRange(serverHasher, 5, 4, []), /end 4 is before begin 5/u);
  assert.throws(() => new CompactRange(serverHasher, 0, 1, [new Uint8Array(31)]), RangeError);
  const range = CompactRange.empty(serverHasher, 4);
  assert.throws(() => range.rootHash(), /begins at 4/u);
  assert.throws(() => range.appendRange(CompactRange.empty(serverHasher, 5)), /other begins at 5, want 4/u);
  assert.throws(() => range.appendRange(CompactRange.empty(portableHasher, 4)), /different hashers/u);
  assert.throws(() => range.append(new Uint8Array(31)), /32 bytes, got 31/u);
  const top = CompactRange.empty(serverHasher, Number.MAX_SAFE_INTEGER);
  assert.throws(() => top.append(leaf), /beyond 2\^53/u);
  assert.equal(top.end, Number.MAX_SAFE_INTEGER, 'a refused append changes nothing');
});
