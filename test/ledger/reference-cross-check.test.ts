import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  rootFromLeafHashes, leafHash, planInclusion, planConsistency, frontierOf, foldFrontier, verifyInclusion, verifyConsistency, equalBytes,
} from '../../src/ledger/index.js';
import { ReferenceTree } from '../support/reference-merkle.js';
import { MemoryNodes } from '../support/memory-nodes.js';
import { seededRandom } from '../support/seeded-random.js';

// seeded, so the sizes and bytes picked here are the same on every run
const random = seededRandom(9162);

const leaves = Array.from({ length: 300 }, (_, i) => random.bytes(i % 40));
const reference = new ReferenceTree(leaves);
const nodes = new MemoryNodes();
nodes.append(leaves);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const rootOf = (size: number): Uint8Array => foldFrontier(frontierOf(size).map((n) => nodes.get(n)));

test('roots agree with the RFC definition for every size 1..300', () => {
  for (let n = 1; n <= 300; n += 1) {
    const expected = hex(reference.mth(0, n));
    assert.equal(hex(rootFromLeafHashes(leaves.slice(0, n).map(leafHash))), expected, `rootFromLeafHashes(${n})`);
    assert.equal(hex(rootOf(n)), expected, `stored frontier root(${n})`);
  }
});

test('every inclusion proof in trees of 1..300 leaves equals PATH(m, D[n]) and verifies', () => {
  for (let n = 1; n <= 300; n += 1) {
    const root = rootOf(n);
    for (let m = 0; m < n; m += 1) {
      const proof = nodes.fetch(planInclusion(m, n));
      assert.deepEqual(proof.map(hex), reference.path(m, 0, n).map(hex), `PATH(${m}, ${n})`);
      assert.ok(verifyInclusion({ index: m, size: n, leafHash: leafHash(leaves[m] as Uint8Array), proof, root }));
    }
  }
});

test('every consistency proof between sizes 1..300 equals PROOF(m, D[n]) and verifies', () => {
  for (let n = 1; n <= 300; n += 1) {
    const root2 = rootOf(n);
    for (let m = 1; m <= n; m += 1) {
      const proof = m === n ? [] : nodes.fetch(planConsistency(m, n));
      if (m < n) assert.deepEqual(proof.map(hex), reference.subproof(m, 0, n, true).map(hex), `PROOF(${m}, ${n})`);
      assert.ok(verifyConsistency({ size1: m, size2: n, root1: rootOf(m), root2, proof }), `verify ${m}→${n}`);
    }
  }
});

test('random sizes up to 10^5: roots and proofs agree with the reference and verify', () => {
  const big = Array.from({ length: 100_000 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
  const bigReference = new ReferenceTree(big);
  const bigNodes = new MemoryNodes();
  bigNodes.append(big);
  const bigRoot = (size: number): Uint8Array => foldFrontier(frontierOf(size).map((n) => bigNodes.get(n)));
  for (let trial = 0; trial < 40; trial += 1) {
    const n = 1 + random.below(100_000);
    const m = random.below(n);
    const root = bigRoot(n);
    assert.ok(equalBytes(root, bigReference.mth(0, n)), `root(${n})`);
    const path = bigNodes.fetch(planInclusion(m, n));
    assert.deepEqual(path.map(hex), bigReference.path(m, 0, n).map(hex), `PATH(${m}, ${n})`);
    assert.ok(verifyInclusion({ index: m, size: n, leafHash: leafHash(big[m] as Uint8Array), proof: path, root }));
    const size1 = 1 + m;
    const consistency = size1 === n ? [] : bigNodes.fetch(planConsistency(size1, n));
    if (size1 < n) assert.deepEqual(consistency.map(hex), bigReference.subproof(size1, 0, n, true).map(hex));
    assert.ok(verifyConsistency({ size1, size2: n, root1: bigRoot(size1), root2: root, proof: consistency }));
  }
});

test('a proof one element too long or too short is refused, as are sizes beyond 2^53', () => {
  const n = 77;
  const proof = nodes.fetch(planInclusion(5, n));
  const claim = { index: 5, size: n, leafHash: leafHash(leaves[5] as Uint8Array), proof, root: rootOf(n) };
  assert.ok(verifyInclusion(claim));
  assert.equal(verifyInclusion({ ...claim, proof: proof.slice(1) }), false);
  assert.equal(verifyInclusion({ ...claim, proof: [...proof, proof[0] as Uint8Array] }), false);
  assert.equal(verifyInclusion({ ...claim, size: 2n ** 53n + 1n }), false);
  assert.equal(verifyInclusion({ ...claim, index: -1 }), false);
  assert.equal(verifyConsistency({ size1: 1, size2: 2n ** 64n - 1n, root1: rootOf(1), root2: rootOf(2), proof: [] }), false);
  assert.throws(() => verifyInclusion({ ...claim, root: 'not bytes' as unknown as Uint8Array }), TypeError);
});
