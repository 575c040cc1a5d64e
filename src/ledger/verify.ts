// Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step for
// step, with the length and bounds checks of LEDGER.md §3. Untrusted input that does not
// verify returns false; only caller bugs (wrong argument types) throw.
import { HASH_SIZE, equalBytes, nodeHash } from './hash.js';
import { planConsistency, planInclusion } from './proof-plan.js';

type Size = number | bigint;

export interface InclusionClaim {
  readonly index: Size;
  readonly size: Size;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

export interface ConsistencyClaim {
  readonly size1: Size;
  readonly size2: Size;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A size from untrusted input as a bigint, or null when it is not an integer in [0, 2^53). */
function toSize(value: Size, name: string): bigint | null {
  if (typeof value === 'bigint') return value >= 0n && value <= MAX_SAFE ? value : null;
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number or bigint`);
  return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
}

function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
}

function isHashList(proof: readonly Uint8Array[]): boolean {
  if (!Array.isArray(proof)) throw new TypeError('proof must be an array');
  return proof.every((p) => p instanceof Uint8Array && p.length === HASH_SIZE);
}

/** Verifies an inclusion proof — RFC 9162 §2.1.3.2. */
export function verifyInclusion(claim: InclusionClaim): boolean {
  assertBytes(claim.leafHash, 'leafHash');
  assertBytes(claim.root, 'root');
  const index = toSize(claim.index, 'index');
  const size = toSize(claim.size, 'size');
  if (index === null || size === null || index >= size) return false;
  if (claim.leafHash.length !== HASH_SIZE || claim.root.length !== HASH_SIZE || !isHashList(claim.proof)) return false;
  if (claim.proof.length !== planInclusion(Number(index), Number(size)).length) return false;

  let fn = index;
  let sn = size - 1n;
  let r = claim.leafHash;
  for (const p of claim.proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(r, claim.root);
}

/** Verifies a consistency proof — RFC 9162 §2.1.4.2, requiring 0 < size1 ≤ size2. */
export function verifyConsistency(claim: ConsistencyClaim): boolean {
  assertBytes(claim.root1, 'root1');
  assertBytes(claim.root2, 'root2');
  const size1 = toSize(claim.size1, 'size1');
  const size2 = toSize(claim.size2, 'size2');
  if (size1 === null || size2 === null || size1 === 0n || size1 > size2) return false;
  if (claim.root1.length !== HASH_SIZE || claim.root2.length !== HASH_SIZE || !isHashList(claim.proof)) return false;
  if (size1 === size2) return claim.proof.length === 0 && equalBytes(claim.root1, claim.root2);
  if (claim.proof.length !== planConsistency(Number(size1), Number(size2)).length) return false;

  const path = [...claim.proof];
  // step 2: a first tree that is a perfect subtree is its own first element
  if ((size1 & (size1 - 1n)) === 0n) path.unshift(claim.root1);
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const [first, ...rest] = path;
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(fr, claim.root1) && equalBytes(sr, claim.root2);
}
