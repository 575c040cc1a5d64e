// Which tree nodes a proof needs, from index arithmetic alone (RFC 9162 §2.1.3.1 PATH and
// §2.1.4.1 SUBPROOF, unrolled). Storage never enters here: fetching is a separate step.

/** A perfect subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf hash. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** One proof element: MTH of leaves [start, end), as the perfect subtrees that compose it. */
export interface PlannedHash {
  readonly start: number;
  readonly end: number;
  /** Left to right; the element's hash folds them right to left. One node when perfect. */
  readonly nodes: readonly NodeId[];
}

/** The largest power of two strictly less than n (n ≥ 2), the MTH split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees composing MTH(D[start:end]) for a range that starts on a boundary of
 * its own size class, as every range in PATH/SUBPROOF does: one node per set bit of the length.
 */
export function perfectNodesOf(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  let size = 1;
  while (size * 2 <= end - start) size *= 2;
  for (let level = Math.log2(size); size >= 1; size /= 2, level -= 1) {
    if (end - position >= size) {
      nodes.push({ level, index: position / size });
      position += size;
    }
  }
  return nodes;
}

function planned(start: number, end: number): PlannedHash {
  return { start, end, nodes: perfectNodesOf(start, end) };
}

function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/** PATH(m, D[n]) — RFC 9162 §2.1.3.1; leaf's sibling first. Throws RangeError unless m < n. */
export function planInclusion(index: number, size: number): PlannedHash[] {
  assertSize(index, 'index');
  assertSize(size, 'size');
  if (index >= size) throw new RangeError(`index ${index} out of bounds for tree size ${size}`);
  const path: PlannedHash[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push(planned(lo + k, hi));
      hi = lo + k;
    } else {
      path.push(planned(lo, lo + k));
      lo += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) — RFC 9162 §2.1.4.1. Needs 0 < size1 ≤ size2. */
export function planConsistency(size1: number, size2: number): PlannedHash[] {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size1 === 0 || size1 > size2) throw new RangeError(`no consistency proof from size ${size1} to ${size2}`);
  const proof: PlannedHash[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let wholeTreeKnown = true;
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!wholeTreeKnown) proof.push(planned(lo, hi));
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(planned(lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(planned(lo, lo + k));
      lo += k;
      m -= k;
      wholeTreeKnown = false;
    }
  }
  return proof.reverse();
}

/** The perfect subtrees whose fold is the root of a tree of `size` leaves (its frontier). */
export function frontierOf(size: number): NodeId[] {
  assertSize(size, 'size');
  return size === 0 ? [] : perfectNodesOf(0, size);
}
