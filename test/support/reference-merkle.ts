// RFC 9162 §2.1 written straight from its recursive definitions, for cross-checking only.
// Memoised on ranges so that the test stays fast; otherwise deliberately naive.
import { createHash } from 'node:crypto';

const sha = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export class ReferenceTree {
  private readonly memo = new Map<string, Uint8Array>();
  constructor(private readonly leaves: readonly Uint8Array[]) {}

  private k(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  /** MTH(D[lo:hi]) — §2.1.1. */
  mth(lo: number, hi: number): Uint8Array {
    const key = `${lo}:${hi}`;
    const known = this.memo.get(key);
    if (known) return known;
    let result: Uint8Array;
    if (hi - lo === 0) result = sha();
    else if (hi - lo === 1) result = sha(Uint8Array.of(0), this.leaves[lo] as Uint8Array);
    else {
      const k = this.k(hi - lo);
      result = sha(Uint8Array.of(1), this.mth(lo, lo + k), this.mth(lo + k, hi));
    }
    this.memo.set(key, result);
    return result;
  }

  /** PATH(m, D[lo:hi]) — §2.1.3.1. */
  path(m: number, lo: number, hi: number): Uint8Array[] {
    const n = hi - lo;
    if (n === 1) return [];
    const k = this.k(n);
    if (m < k) return [...this.path(m, lo, lo + k), this.mth(lo + k, hi)];
    return [...this.path(m - k, lo + k, hi), this.mth(lo, lo + k)];
  }

  /** SUBPROOF(m, D[lo:hi], b) — §2.1.4.1. */
  subproof(m: number, lo: number, hi: number, b: boolean): Uint8Array[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.mth(lo, hi)];
    const k = this.k(n);
    if (m <= k) return [...this.subproof(m, lo, lo + k, b), this.mth(lo + k, hi)];
    return [...this.subproof(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
  }
}
