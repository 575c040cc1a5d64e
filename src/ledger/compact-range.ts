// Compact ranges (RFC 9162 §2.1.1 MTH, computed incrementally): the minimal set of perfect
// subtrees covering leaves [begin, end), left to right. Appending a leaf or a whole adjacent
// range merges siblings as they meet; every node a merge creates is a completed perfect subtree
// and is reported to a visitor, which is how the ledger store learns the hashes it keeps.
// Shaped after `compact.Range` in github.com/transparency-dev/merkle (compact/range.go:
// Append, AppendRange, GetRootHash, a visitor for new nodes, the hasher as a parameter), with
// index arithmetic in plain numbers (sizes stay below 2^53, checked) instead of 64-bit masks.
// The one place that merges a frontier: the ledger's append, its audit, the nightly check, the
// tax node's mirror and rootFromLeafHashes all go through it, each with the hasher it needs.
import { HASH_SIZE, assertHash, EMPTY_ROOT, foldFrontier, leafHash, nodeHash } from './hash.js';

/** RFC 9162 §2.1.1's three functions, so one range works on either SHA-256 implementation. */
export interface TreeHasher {
  /** MTH({}) = SHA-256(). */
  readonly emptyRoot: Uint8Array;
  /** SHA-256(0x00 ‖ data). Plain functions (never called with `this`). */
  readonly hashLeaf: (data: Uint8Array) => Uint8Array;
  /** SHA-256(0x01 ‖ left ‖ right). */
  readonly hashChildren: (left: Uint8Array, right: Uint8Array) => Uint8Array;
}

/** @noble/hashes: what a third party (a browser included) runs to check the ledger. */
export const portableHasher: TreeHasher = { emptyRoot: EMPTY_ROOT, hashLeaf: leafHash, hashChildren: nodeHash };

/**
 * Called with each perfect subtree a merge completes: node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level). Levels ascend within one append.
 */
export type NodeVisitor = (level: number, index: number, hash: Uint8Array) => void;

function assertPosition(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/**
 * The levels of the perfect subtrees covering [begin, end), left to right: from `begin`, each
 * takes the largest aligned block that still fits (ascending sizes, then descending).
 */
export function rangeLevels(begin: number, end: number): number[] {
  const levels: number[] = [];
  let position = begin;
  while (position < end) {
    let level = 0;
    let span = 1;
    while (position % (span * 2) === 0 && position + span * 2 <= end) {
      span *= 2;
      level += 1;
    }
    levels.push(level);
    position += span;
  }
  return levels;
}

export class CompactRange {
  readonly hasher: TreeHasher;
  private readonly _begin: number;
  private _end: number;
  private readonly _hashes: Uint8Array[];

  /**
   * The range [begin, end) from the hashes of its perfect subtrees, left to right (for a tree
   * prefix [0, size): the nodes `frontierOf(size)` names). Takes ownership of `hashes`.
   * Throws RangeError unless begin ≤ end are safe integers and there is one 32-byte hash per
   * subtree.
   */
  constructor(hasher: TreeHasher, begin: number, end: number, hashes: Uint8Array[]) {
    assertPosition(begin, 'begin');
    assertPosition(end, 'end');
    if (end < begin) throw new RangeError(`invalid range: end ${end} is before begin ${begin}`);
    const want = rangeLevels(begin, end).length;
    if (hashes.length !== want) throw new RangeError(`range [${begin}, ${end}) needs ${want} hashes, got ${hashes.length}`);
    hashes.forEach((hash, i) => assertHash(hash, `hashes[${i}]`));
    this.hasher = hasher;
    this._begin = begin;
    this._end = end;
    this._hashes = hashes;
  }

  /** An empty range that grows from `begin`. */
  static empty(hasher: TreeHasher, begin = 0): CompactRange {
    return new CompactRange(hasher, begin, begin, []);
  }

  get begin(): number {
    return this._begin;
  }

  get end(): number {
    return this._end;
  }

  /** The subtree hashes, left to right (a view: do not mutate). */
  get hashes(): readonly Uint8Array[] {
    return this._hashes;
  }

  /** Appends leaf `end`, given its leaf hash; reports the subtrees it completes. */
  append(leafHash: Uint8Array, visitor?: NodeVisitor): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes, got ${leafHash.length}`);
    this._appendNode(leafHash, 0, visitor);
  }

  /** Appends leaf data, hashed with this range's hasher; returns the leaf hash. */
  appendLeaf(data: Uint8Array, visitor?: NodeVisitor): Uint8Array {
    const hash = this.hasher.hashLeaf(data);
    this._appendNode(hash, 0, visitor);
    return hash;
  }

  /**
   * Merges `other` = [end, other.end) in from the right; reports every subtree the merge
   * completes. Throws RangeError unless `other` starts where this range ends and uses the same
   * hasher. `other` is left as it was.
   */
  appendRange(other: CompactRange, visitor?: NodeVisitor): void {
    if (other.hasher !== this.hasher) throw new RangeError('ranges with different hashers cannot merge');
    if (other._begin !== this._end) throw new RangeError(`ranges are disjoint: other begins at ${other._begin}, want ${this._end}`);
    // each of other's subtrees is aligned to its own size where it lands, so it merges exactly
    // as a leaf does, only starting higher up
    const levels = rangeLevels(other._begin, other._end);
    levels.forEach((level, i) => this._appendNode(other._hashes[i] as Uint8Array, level, visitor));
  }

  /** MTH of leaves [0, end) — RFC 9162 §2.1.1. Throws RangeError unless the range begins at 0. */
  rootHash(): Uint8Array {
    if (this._begin !== 0) throw new RangeError(`a root needs a range from 0, this one begins at ${this._begin}`);
    return this._hashes.length === 0 ? this.hasher.emptyRoot : foldFrontier(this._hashes, this.hasher.hashChildren);
  }

  /**
   * Adds the perfect subtree (level, end/2^level), which the caller guarantees is aligned, then
   * merges it with its left sibling while that sibling lies inside the range (it is then the
   * last hash). Allocation-free apart from the hashes: the append path runs this per leaf.
   */
  private _appendNode(hash: Uint8Array, level: number, visitor: NodeVisitor | undefined): void {
    // a leaf (level 0) is the hot case: no power or division for it
    const width = level === 0 ? 1 : 2 ** level;
    const end = this._end + width;
    if (end > Number.MAX_SAFE_INTEGER) throw new RangeError(`range end ${end} is beyond 2^53`);
    let node = hash;
    let index = level === 0 ? this._end : this._end / width;
    let span = width;
    while (index % 2 === 1 && (index - 1) * span >= this._begin) {
      node = this.hasher.hashChildren(this._hashes.pop() as Uint8Array, node);
      index = (index - 1) / 2;
      span *= 2;
      level += 1;
      visitor?.(level, index, node);
    }
    this._hashes.push(node);
    this._end = end;
  }
}

/**
 * MTH(D[n]) from the leaf hashes — RFC 9162 §2.1.1, computed left to right over a compact
 * range rather than by recursion: O(n) time, O(log n) memory, @noble/hashes (browser-safe).
 * Throws TypeError/RangeError unless every hash is 32 bytes.
 */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const range = CompactRange.empty(portableHasher);
  hashes.forEach((hash, i) => {
    assertHash(hash, `hashes[${i}]`);
    range.append(hash);
  });
  return range.rootHash();
}
