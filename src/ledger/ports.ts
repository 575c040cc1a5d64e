// The ledger's store port: append and read, nothing else (LEDGER.md §7). Synchronous, because
// a ledger append must sit inside the caller's database transaction with the state change it
// records, and the embedded store (better-sqlite3) runs transactions synchronously.
import type { NodeId } from './proof-plan.js';

export interface StoredEntry {
  readonly index: number;
  readonly data: Uint8Array;
  readonly leafHash: Uint8Array;
  /**
   * The perfect subtrees this leaf completes, levels 1, 2, … (one per trailing 1-bit of the
   * index), 32 bytes each: node (L, n) is stored with leaf (n+1)·2^L − 1.
   */
  readonly subtreeHashes: Uint8Array;
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
  /** Appends leaves, with the subtree hashes they complete, at the current size. */
  appendLeaves(leaves: readonly StoredEntry[]): void;
  entry(index: number): StoredEntry | null;
  /** Entries [start, end) in index order, streamed. */
  entries(start: number, end: number): IterableIterator<StoredEntry>;
  /** A stored node (level 0 = leaf hash), or null (for audits of the stored tree). */
  storedNode(level: number, index: number): Uint8Array | null;

  appendCheckpoint(checkpoint: StoredCheckpoint): void;
  latestCheckpoint(): StoredCheckpoint | null;
  checkpoint(size: number): StoredCheckpoint | null;
  /** Checkpoints with size > `afterSize`, ascending, at most `limit`. */
  checkpointsAfter(afterSize: number, limit: number): StoredCheckpoint[];
  /** Checkpoints signed in [fromMs, toMs), ascending. */
  checkpointsSignedBetween(fromMs: number, toMs: number): StoredCheckpoint[];
  /** The last checkpoint signed before `ms`. */
  lastCheckpointSignedBefore(ms: number): StoredCheckpoint | null;
  /** How many checkpoints have a size ≤ `size` (a block's height is this count at its size). */
  checkpointCount(size: number): number;
  /** The smallest checkpoint whose size is ≥ `size`. */
  checkpointCovering(size: number): StoredCheckpoint | null;

  appendCosignature(cosignature: StoredCosignature): void;
  cosignatures(size: number): StoredCosignature[];
  /** The largest checkpoint size that carries a cosignature (0 when none). */
  latestCosignedSize(): number;
}
