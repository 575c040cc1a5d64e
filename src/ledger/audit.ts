// LEDGER.md §7: recompute everything from the stored leaf data — every leaf hash, every
// stored subtree hash, every checkpoint root — and check every signature and cosignature.
// Reports the first divergence with its index or checkpoint size.
import { openCheckpoint } from './checkpoint.js';
import { parseCosignatureLine, verifyCosignature } from './cosignature.js';
import { CompactRange, type NodeVisitor } from './compact-range.js';
import { equalBytes } from './hash.js';
import { serverHasher } from './server-hash.js';
import type { VerifierKey } from './note.js';
import type { LedgerStore, StoredEntry } from './ports.js';

export interface AuditOptions {
  readonly store: LedgerStore;
  readonly logKey: VerifierKey;
  /** Witness keys; a cosignature by any other key is reported. */
  readonly witnesses?: readonly VerifierKey[];
  /** Called every `progressEvery` entries and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

export type AuditFailureKind =
  | 'LEAF_HASH' | 'SUBTREE_HASH' | 'MISSING_ENTRY' | 'CHECKPOINT_ROOT' | 'CHECKPOINT_SIGNATURE'
  | 'CHECKPOINT_BEYOND_ENTRIES' | 'COSIGNATURE';

export interface AuditFailure {
  readonly kind: AuditFailureKind;
  /** The first bad entry index, when the failure is an entry's. */
  readonly index?: number;
  /** The checkpoint size, when the failure is a checkpoint's. */
  readonly checkpointSize?: number;
  readonly message: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  readonly cosignatures: number;
  /**
   * Entries covered by a checkpoint with at least one verified cosignature: final, in the
   * sense of LEDGER.md (a witness has seen them; the log cannot fork them away).
   */
  readonly finalEntries: number;
  readonly failure?: AuditFailure;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Audits a stored ledger end to end; stops at the first failure and names it. */
export function auditLedger(options: AuditOptions): AuditReport {
  const { store, logKey } = options;
  const witnesses = options.witnesses ?? [];
  const total = store.size();
  const every = options.progressEvery ?? 100_000;
  let checkpoints = 0;
  let cosignatures = 0;
  let finalEntries = 0;
  const fail = (failure: AuditFailure, entries: number): AuditReport => ({ ok: false, entries, checkpoints, cosignatures, finalEntries, failure });

  let pending = store.checkpointsAfter(0, 1000);
  let nextCheckpoint = pending.shift();
  const range = CompactRange.empty(serverHasher);
  let expected = 0;
  // every subtree the next leaf completes must equal the one stored with that leaf
  let current: StoredEntry | null = null;
  let subtreeFailure: AuditFailure | null = null;
  const compareStored: NodeVisitor = (level, index, hash) => {
    const stored = (current as StoredEntry).subtreeHashes.subarray((level - 1) * 32, level * 32);
    if (subtreeFailure || (stored.length === 32 && equalBytes(stored, hash))) return;
    const first = index * 2 ** level;
    subtreeFailure = {
      kind: 'SUBTREE_HASH',
      index: first,
      message: `entries ${first}..${first + 2 ** level - 1} do not reproduce their stored subtree hash (level ${level})`,
    };
  };

  const checkCheckpoint = (size: number): AuditFailure | null => {
    const checkpoint = nextCheckpoint;
    if (!checkpoint || checkpoint.size !== size) return null;
    let opened;
    try {
      opened = openCheckpoint(checkpoint.note, logKey);
    } catch (error) {
      return { kind: 'CHECKPOINT_SIGNATURE', checkpointSize: size, message: `checkpoint ${size}: ${errorMessage(error)}` };
    }
    const root = range.rootHash();
    if (opened.size !== size || !equalBytes(opened.root, root) || !equalBytes(checkpoint.root, root)) {
      return {
        kind: 'CHECKPOINT_ROOT',
        checkpointSize: size,
        message: `checkpoint ${size}: signed root does not match the root recomputed from entries 0..${size - 1}`,
      };
    }
    for (const stored of store.cosignatures(size)) {
      const witness = witnesses.find((w) => w.name === stored.keyName && equalBytes(w.keyId, stored.keyId));
      let valid: boolean;
      try {
        valid = witness !== undefined && verifyCosignature(opened.text, parseCosignatureLine(stored.line), witness);
      } catch {
        valid = false;
      }
      if (!valid) {
        return { kind: 'COSIGNATURE', checkpointSize: size, message: `checkpoint ${size}: cosignature by ${stored.keyName} does not verify` };
      }
      cosignatures += 1;
      finalEntries = Math.max(finalEntries, size);
    }
    checkpoints += 1;
    if (pending.length === 0) pending = store.checkpointsAfter(size, 1000);
    nextCheckpoint = pending.shift();
    return null;
  };

  for (const entry of store.entries(0, total)) {
    if (entry.index !== expected) {
      return fail({ kind: 'MISSING_ENTRY', index: expected, message: `entry ${expected} is missing` }, expected);
    }
    const hash = serverHasher.hashLeaf(entry.data);
    if (!equalBytes(hash, entry.leafHash)) {
      return fail({ kind: 'LEAF_HASH', index: entry.index, message: `entry ${entry.index}: leaf data does not hash to its stored leaf hash` }, expected);
    }
    current = entry;
    range.append(hash, compareStored);
    if (subtreeFailure) return fail(subtreeFailure, expected);
    expected += 1;
    const failure = checkCheckpoint(expected);
    if (failure) return fail(failure, expected);
    if (expected % every === 0) options.onProgress?.(expected, total);
  }
  options.onProgress?.(expected, total);

  if (nextCheckpoint) {
    return fail(
      {
        kind: 'CHECKPOINT_BEYOND_ENTRIES',
        checkpointSize: nextCheckpoint.size,
        message: `checkpoint ${nextCheckpoint.size} covers entries beyond the ${expected} stored (truncated tail?)`,
      },
      expected,
    );
  }
  return { ok: true, entries: expected, checkpoints, cosignatures, finalEntries };
}
