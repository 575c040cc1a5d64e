// The ledger service (LEDGER.md §3–§5): appends entries inside the caller's transaction,
// keeps the interior hashes of completed perfect subtrees as they complete (so appends and
// proofs cost O(log n) reads), seals blocks into signed checkpoints and stores cosignatures.
import type { Clock } from '../domain/index.js';
import { signCheckpoint } from './checkpoint.js';
import { parseCosignatureLine, verifyCosignature } from './cosignature.js';
import { encodeEntry, type LedgerEntry } from './entry.js';
import { ledgerError } from './errors.js';
import { equalBytes } from './hash.js';
import { CompactRange, type NodeVisitor } from './compact-range.js';
import { serverHasher } from './server-hash.js';
import type { NoteSigner, VerifierKey } from './note.js';
import type { LedgerStore, StoredCheckpoint, StoredCosignature, StoredEntry } from './ports.js';
import { frontierOf } from './proof-plan.js';
import { consistencyProofFrom, inclusionProofFrom, rootAt, type ConsistencyProof, type InclusionProof } from './proofs.js';

export interface LedgerOptions {
  readonly store: LedgerStore;
  /** The platform's checkpoint key; its name is the origin. */
  readonly signer: NoteSigner;
  /** Witnesses (the tax node) whose cosignatures are accepted. */
  readonly witnesses: readonly VerifierKey[];
  readonly clock: Clock;
  readonly blockMaxEntries?: number;
  readonly blockIntervalMs?: number;
}

export interface CheckpointView extends StoredCheckpoint {
  readonly cosignatures: StoredCosignature[];
  /** The signed note with every cosignature line appended (C2SP: one note, many signers). */
  readonly cosignedNote: string;
}

export const DEFAULT_BLOCK_MAX_ENTRIES = 1000;
export const DEFAULT_BLOCK_INTERVAL_MS = 500;

// Every even index completes no subtree: one shared empty value instead of an allocation each.
const NO_SUBTREES = Buffer.alloc(0);

/**
 * The compact range [0, size) of a stored tree, from its O(log n) stored subtree hashes, on
 * the server hasher (LEDGER.md §3: nothing re-hashes the log to append). Throws if one is missing.
 */
export function storedRange(store: Pick<LedgerStore, 'nodeHashes'>, size: number): CompactRange {
  return new CompactRange(serverHasher, 0, size, store.nodeHashes(frontierOf(size)));
}

/**
 * Hashes `leafData` onto `range` (RFC 9162 §2.1.1) and returns the rows to store: each leaf
 * with the perfect subtrees it completes (StoredEntry.subtreeHashes). The range ends extended.
 */
export function extendTree(range: CompactRange, leafData: readonly Uint8Array[]): StoredEntry[] {
  const leaves: StoredEntry[] = [];
  let subtreeHashes: Buffer = NO_SUBTREES;
  // one visitor per call, writing into the current leaf's buffer: no closure per leaf
  const keep: NodeVisitor = (level, _index, hash) => subtreeHashes.set(hash, (level - 1) * 32);
  for (const data of leafData) {
    const index = range.end;
    // each trailing 1-bit of the new index completes one perfect subtree, one level up
    let completed = 0;
    for (let n = index; n % 2 === 1; n = (n - 1) / 2) completed += 1;
    // Buffers, so the store binds them without another view object per row
    subtreeHashes = completed === 0 ? NO_SUBTREES : Buffer.allocUnsafe(32 * completed);
    const leafHash = range.appendLeaf(data, completed === 0 ? undefined : keep);
    leaves.push({ index, data, leafHash, subtreeHashes });
  }
  return leaves;
}

export class Ledger {
  readonly origin: string;
  private readonly store: LedgerStore;
  private readonly signer: NoteSigner;
  private readonly witnesses: readonly VerifierKey[];
  private readonly clock: Clock;
  readonly blockMaxEntries: number;
  readonly blockIntervalMs: number;

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.signer = options.signer;
    this.origin = options.signer.name;
    this.witnesses = options.witnesses;
    this.clock = options.clock;
    this.blockMaxEntries = options.blockMaxEntries ?? DEFAULT_BLOCK_MAX_ENTRIES;
    this.blockIntervalMs = options.blockIntervalMs ?? DEFAULT_BLOCK_INTERVAL_MS;
    if (!Number.isSafeInteger(this.blockMaxEntries) || this.blockMaxEntries < 1) throw new RangeError('blockMaxEntries must be ≥ 1');
    if (!Number.isSafeInteger(this.blockIntervalMs) || this.blockIntervalMs < 1) throw new RangeError('blockIntervalMs must be ≥ 1');
  }

  /** Appends entries inside the caller's open transaction; returns their 0-based indexes. */
  append(entries: readonly LedgerEntry[]): number[] {
    return this.appendLeafData(entries.map(encodeEntry));
  }

  /** Appends already-encoded leaf data (a mirror replicating another log uses this). */
  appendLeafData(leafData: readonly Uint8Array[]): number[] {
    if (!this.store.inTransaction()) throw new TypeError('ledger append must run inside the caller\'s transaction');
    const leaves = extendTree(storedRange(this.store, this.store.size()), leafData);
    this.store.appendLeaves(leaves);
    return leaves.map((l) => l.index);
  }

  size(): number {
    return this.store.size();
  }

  /** MTH of the first `size` leaves, from O(log n) stored subtree hashes. */
  rootAt(size: number): Uint8Array {
    return rootAt(this.store, size);
  }

  entry(index: number): StoredEntry {
    const entry = Number.isSafeInteger(index) && index >= 0 ? this.store.entry(index) : null;
    if (!entry) throw ledgerError('NO_SUCH_ENTRY', `no ledger entry at index ${index}`, { index });
    return entry;
  }

  /** PATH(index, D[size]) from stored hashes — RFC 9162 §2.1.3.1. */
  inclusionProof(index: number, size: number): InclusionProof {
    return inclusionProofFrom(this.store, index, size);
  }

  /** PROOF(size1, D[size2]) from stored hashes — RFC 9162 §2.1.4.1. */
  consistencyProof(size1: number, size2: number): ConsistencyProof {
    return consistencyProofFrom(this.store, size1, size2);
  }

  /** Entries appended since the last checkpoint. */
  pendingEntries(): number {
    return this.store.size() - (this.store.latestCheckpoint()?.size ?? 0);
  }

  /** LEDGER.md §5: seal when entries are pending and the block is full or its interval has passed. */
  sealIfDue(): StoredCheckpoint | null {
    const last = this.store.latestCheckpoint();
    const pending = this.store.size() - (last?.size ?? 0);
    if (pending <= 0) return null;
    const age = this.clock.now().getTime() - (last?.signedAt ?? 0);
    if (pending < this.blockMaxEntries && age < this.blockIntervalMs) return null;
    return this.seal();
  }

  /** Signs a checkpoint over every entry appended so far (no empty blocks); null when none is pending. */
  seal(): StoredCheckpoint | null {
    return this.store.transaction(() => {
      const size = this.store.size();
      const last = this.store.latestCheckpoint();
      if (size === 0 || (last && last.size >= size)) return null;
      const root = this.rootAt(size);
      const checkpoint: StoredCheckpoint = {
        size,
        root,
        note: signCheckpoint({ origin: this.origin, size, root }, this.signer),
        signedAt: this.clock.now().getTime(),
      };
      this.store.appendCheckpoint(checkpoint);
      return checkpoint;
    });
  }

  latestCheckpoint(): CheckpointView | null {
    const checkpoint = this.store.latestCheckpoint();
    return checkpoint ? this.view(checkpoint) : null;
  }

  checkpoint(size: number): CheckpointView | null {
    const checkpoint = this.store.checkpoint(size);
    return checkpoint ? this.view(checkpoint) : null;
  }

  checkpointsAfter(afterSize: number, limit: number): StoredCheckpoint[] {
    return this.store.checkpointsAfter(afterSize, limit);
  }

  private view(checkpoint: StoredCheckpoint): CheckpointView {
    const cosignatures = this.store.cosignatures(checkpoint.size);
    return {
      ...checkpoint,
      cosignatures,
      cosignedNote: checkpoint.note + cosignatures.map((c) => `${c.line}\n`).join(''),
    };
  }

  /** Stores a witness's cosignature beside its checkpoint after verifying it (LEDGER.md §6). */
  attachCosignature(size: number, line: string): StoredCosignature {
    const checkpoint = this.store.checkpoint(size);
    if (!checkpoint) throw ledgerError('NO_SUCH_CHECKPOINT', `no checkpoint of size ${size}`, { size });
    const cosignature = parseCosignatureLine(line);
    const witness = this.witnesses.find((w) => w.name === cosignature.name && equalBytes(w.keyId, cosignature.keyId));
    if (!witness) throw ledgerError('UNKNOWN_KEY', `cosigner ${cosignature.name} is not a known witness`, { name: cosignature.name });
    const text = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);
    if (!verifyCosignature(text, cosignature, witness)) {
      throw ledgerError('BAD_SIGNATURE', `cosignature by ${witness.name} does not verify for size ${size}`, { size });
    }
    const stored: StoredCosignature = { size, keyName: witness.name, keyId: witness.keyId, timestamp: cosignature.timestamp, line };
    this.store.transaction(() => this.store.appendCosignature(stored));
    return stored;
  }

  /** An entry is final once a cosigned checkpoint covers it (LEDGER.md §5). */
  isFinal(index: number): boolean {
    return index < this.store.latestCosignedSize();
  }

  /** Seals on a timer until the returned function is called; the timer never keeps the process alive. */
  startSealing(onError: (error: unknown) => void = () => undefined, onSealed: (checkpoint: StoredCheckpoint) => void = () => undefined): () => void {
    const period = Math.max(5, Math.min(50, Math.floor(this.blockIntervalMs / 4)));
    const timer = setInterval(() => {
      try {
        const sealed = this.sealIfDue();
        if (sealed) onSealed(sealed);
      } catch (error) {
        onError(error);
      }
    }, period);
    timer.unref();
    return () => clearInterval(timer);
  }
}
