// MTH (RFC 9162 §2.1.1) of a stream of leaves in O(log n) memory: the compact range of
// perfect subtrees, folded at the end. Server-side hashing (node:crypto), equal to noble's.
import { EMPTY_ROOT, foldFrontier } from './hash.js';
import { serverLeafHash, serverNodeHash } from './server-hash.js';

export class RootAccumulator {
  private readonly frontier: Uint8Array[] = [];
  private count = 0;

  /** Adds the next leaf's data (hashed as SHA-256(0x00 ‖ data)). */
  push(leafData: Uint8Array): void {
    let node = serverLeafHash(leafData);
    for (let n = this.count; n % 2 === 1; n = (n - 1) / 2) node = serverNodeHash(this.frontier.pop() as Uint8Array, node);
    this.frontier.push(node);
    this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  root(): Uint8Array {
    return this.count === 0 ? EMPTY_ROOT : foldFrontier(this.frontier);
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
