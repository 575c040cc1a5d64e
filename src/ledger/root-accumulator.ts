// MTH (RFC 9162 §2.1.1) of a stream of leaves in O(log n) memory: a compact range from 0,
// folded at the end. Server-side hashing (node:crypto), equal to noble's.
import { CompactRange } from './compact-range.js';
import { serverHasher } from './server-hash.js';

export class RootAccumulator {
  private readonly range = CompactRange.empty(serverHasher);

  /** Adds the next leaf's data (hashed as SHA-256(0x00 ‖ data)). */
  push(leafData: Uint8Array): void {
    this.range.appendLeaf(leafData);
  }

  get size(): number {
    return this.range.end;
  }

  root(): Uint8Array {
    return this.range.rootHash();
  }
}

/** The 6-byte big-endian form of a ledger index, as tax reports commit to them. */
export function indexLeaf(index: number): Uint8Array {
  const out = new Uint8Array(6);
  let n = index;
  for (let i = 5; i >= 0; i -= 1) {
    out[i] = n % 256;
    n = Math.floor(n / 256);
  }
  return out;
}
