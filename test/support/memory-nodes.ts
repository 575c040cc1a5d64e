// The hashes of every perfect subtree of a tree, kept in memory, so the ledger's own planning
// and folding can be exercised without a database.
import { CompactRange, extendTree, foldFrontier, serverHasher, type NodeId, type PlannedHash } from '../../src/ledger/index.js';

export class MemoryNodes {
  private readonly nodes = new Map<string, Uint8Array>();
  private readonly range = CompactRange.empty(serverHasher);
  size = 0;

  append(leafData: readonly Uint8Array[]): void {
    const leaves = extendTree(this.range, leafData);
    for (const l of leaves) {
      this.nodes.set(`0:${l.index}`, l.leafHash);
      for (let level = 1; level * 32 <= l.subtreeHashes.length; level += 1) {
        const index = (l.index + 1) / 2 ** level - 1;
        this.nodes.set(`${level}:${index}`, l.subtreeHashes.subarray((level - 1) * 32, level * 32));
      }
    }
    this.size = this.range.end;
  }

  get({ level, index }: NodeId): Uint8Array {
    const hash = this.nodes.get(`${level}:${index}`);
    if (!hash) throw new Error(`missing node ${level}:${index}`);
    return hash;
  }

  fetch(plan: readonly PlannedHash[]): Uint8Array[] {
    return plan.map((p) => foldFrontier(p.nodes.map((n) => this.get(n))));
  }
}
