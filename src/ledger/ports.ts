// The ledger's store port: append and read, nothing else (LEDGER.md §7). Synchronous, because
// a ledger append must sit inside the caller's database transaction with the state change it
// records, and the embedded store (better-sqlite3) runs transactions synchronously.
import type { NodeId } from './proof-plan.js';

export interface StoredEntry {
  readonly index: number;
  readonly data: Uint8Array;
  readonly leafHash: Uint8Array;
}

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  /** The signed note exactly as signed (without cosignatures). */
  readonly note: string;
  /** Unix milliseconds. */
  readonly signedAt: number;
}

export interface StoredCosignature {
  readonly size: number;
  readonly keyName: string;
  readonly keyId: Uint8Array;
  readonly timestamp: number;
  readonly line: string;
}

export interface LedgerStore {
  /** Runs `fn` in a transaction, joining the caller's when one is open. */
  transaction<T>(fn: () => T): T;
  inTransaction(): boolean;

  size(): number;
  /** Hashes of perfect subtrees (level 0 = leaf hashes); throws if one is missing. */
  nodeHashes(ids: readonly NodeId[]): Uint8Array[];
  /** Appends leaves at the current size and the subtree hashes they complete. */
  appendLeaves(leaves: readonly StoredEntry[], nodes: readonly StoredNode[]): void;
  entry(index: number): StoredEntry | null;
  /** Entries [start, end) in index order, streamed. */
  entries(start: number, end: number): IterableIterator<StoredEntry>;
  /** A stored interior node, or null (for audits of the stored tree). */
  storedNode(level: number, index: number): Uint8Array | null;
  /** The highest leaf index any stored subtree covers, plus one (0 when none). */
  storedNodesCoverage(): number;

  appendCheckpoint(checkpoint: StoredCheckpoint): void;
  latestCheckpoint(): StoredCheckpoint | null;
  checkpoint(size: number): StoredCheckpoint | null;
  /** Checkpoints with size > `afterSize`, ascending, at most `limit`. */
  checkpointsAfter(afterSize: number, limit: number): StoredCheckpoint[];
  /** The smallest checkpoint whose size is ≥ `size`. */
  checkpointCovering(size: number): StoredCheckpoint | null;

  appendCosignature(cosignature: StoredCosignature): void;
  cosignatures(size: number): StoredCosignature[];
  /** The largest checkpoint size that carries a cosignature (0 when none). */
  latestCosignedSize(): number;
}
