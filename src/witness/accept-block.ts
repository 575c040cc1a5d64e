// LEDGER.md §6: the tax node accepts a block only if its checkpoint is signed by the followed
// log's key, it starts exactly where the mirror stands, and the mirror's tree plus the new
// leaves reproduce the signed root. Storing the block and its indexes is one transaction.
// Then it cosigns (C2SP tlog-cosignature). Forks and validly signed blocks whose leaves do
// not give the signed root are refused, kept as evidence and raised as alerts; anything not
// signed by the followed log is refused without a trace on disk. The authority's indexes are
// built from the stored leaves right after (catchUpIndex): derived data, kept out of the
// verification transaction.
import { DomainError, isDomainError, type Clock } from '../domain/index.js';
import {
  cosignCheckpoint, decodeEntry, equalBytes, extendTree, openCheckpoint, serverLeafHash, storedRange, toBase64,
  type LedgerStore, type NoteSigner, type VerifierKey,
} from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import { alertCoalesceKey, alertSeverity } from './alerts.js';
import { MAX_CHECKPOINT_NOTE_CHARS } from './block-limits.js';
import { indexEntry } from './index-entries.js';
import type { BlockOutcome, BlockSubmission, RefusalReason } from '../replication/protocol.js';
import type { Alert, Evidence, Mirror, TaxNodeStore } from './ports.js';

export type { BlockOutcome, BlockSubmission, RefusalReason } from '../replication/protocol.js';

export interface FollowedLedger {
  readonly origin: string;
  readonly logKey: VerifierKey;
  readonly platformUrl: string | null;
  readonly mirror: Mirror;
  /** Runs `fn` in one transaction on the mirror's database. */
  readonly transaction: <T>(fn: () => T) => T;
}

export interface AcceptDeps {
  readonly followed: ReadonlyMap<string, FollowedLedger>;
  readonly witness: NoteSigner;
  readonly store: TaxNodeStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** How many leaf hashes a piece of evidence keeps: enough to show the tampering, bounded. */
export const EVIDENCE_MAX_LEAF_HASHES = 16;

function unsigned(reason: RefusalReason, message: string): BlockOutcome {
  return { kind: 'refused', reason, message, evidenceId: null };
}

/**
 * Accepts, refuses or redirects one block (see the module comment). Nothing is written unless
 * the checkpoint's signature by the followed log's key verifies: an unsigned or wrongly signed
 * body proves nothing and must not be able to fill the node's disk. Of validly signed blocks,
 * only a fork or leaves that do not give the signed root are evidence; repeats of one problem
 * are coalesced into one alert (alertCoalesceKey).
 */
export function acceptBlock(deps: AcceptDeps, block: BlockSubmission): BlockOutcome {
  const followed = deps.followed.get(block.origin);
  if (!followed) return unsigned('UNKNOWN_ORIGIN', 'this node does not follow that origin');
  if (block.checkpoint.length > MAX_CHECKPOINT_NOTE_CHARS) return unsigned('MALFORMED', 'the checkpoint note is too long');
  const now = deps.clock.now().toISOString();

  // 1. a valid signature by the followed log's key, before anything else is looked at
  let checkpoint;
  try {
    checkpoint = openCheckpoint(block.checkpoint, followed.logKey);
  } catch (error) {
    const code = isDomainError(error) ? error.code : '';
    if (code === 'LEDGER.UNKNOWN_KEY') return unsigned('UNKNOWN_KEY', 'the checkpoint is not signed by the followed log\'s key');
    if (code === 'LEDGER.BAD_SIGNATURE') return unsigned('BAD_SIGNATURE', 'the checkpoint\'s signature does not verify');
    return unsigned('MALFORMED', 'the checkpoint is not a well-formed signed note of the followed log');
  }
  const evidenceOf = (kind: 'FORK' | 'ROOT_MISMATCH', heldNote: string | null, detail: Record<string, unknown>): Evidence => ({
    id: deps.ids.next('evd'), origin: block.origin, kind, receivedNote: block.checkpoint, heldNote,
    detail: { ...detail, size: checkpoint.size, firstIndex: block.firstIndex, leaves: block.leaves.length }, createdAt: now,
  });
  const raise = (reason: RefusalReason, alertKind: Alert['kind'], evidence: Evidence, message: string): BlockOutcome => {
    const alert: Alert = { id: deps.ids.next('alr'), origin: block.origin, kind: alertKind, severity: alertSeverity(alertKind, evidence.kind), message, evidenceId: evidence.id, createdAt: now };
    const raised = deps.store.raiseAlert(alert, evidence, alertCoalesceKey(block.origin, alertKind, evidence.kind, checkpoint.size));
    return { kind: 'refused', reason, message, evidenceId: raised.alert.evidenceId };
  };

  const ledger = followed.mirror.ledger;
  const held = ledger.size();
  // 2. a checkpoint at or below what we hold must agree with our copy: else it is a fork
  if (checkpoint.size <= held) {
    const ours = checkpoint.size === 0 ? null : storedRange(ledger, checkpoint.size).rootHash();
    if (ours === null || !equalBytes(ours, checkpoint.root)) {
      const heldNote = ledger.checkpoint(checkpoint.size)?.note ?? ledger.latestCheckpoint()?.note ?? null;
      return raise('FORK', 'FORK', evidenceOf('FORK', heldNote, {}), `fork: ${block.origin} signed a different root for size ${checkpoint.size}`);
    }
    if (block.firstIndex + block.leaves.length !== checkpoint.size) return { kind: 'behind', size: held };
    // an old, genuine checkpoint replayed: its leaves must be the ones we hold
    const mismatched = differingLeaves(ledger, block.firstIndex, block.leaves);
    if (mismatched.count > 0) {
      const heldNote = ledger.checkpoint(checkpoint.size)?.note ?? null;
      return raise('LEAF_MISMATCH', 'REJECTED_BLOCK', evidenceOf('ROOT_MISMATCH', heldNote, { replayed: true, mismatchedLeaves: mismatched.count, differences: mismatched.first }),
        `a replayed block for size ${checkpoint.size} carries ${mismatched.count} leaves that differ from those this node holds`);
    }
    const existing = ledger.cosignatures(checkpoint.size).find((c) => equalBytes(c.keyId, deps.witness.keyId));
    if (existing) return { kind: 'accepted', size: checkpoint.size, cosignature: existing.line, duplicate: true };
    return { kind: 'behind', size: held };
  }
  // 3. the block must start where we stand and end at the checkpoint. A wrong count is not
  // evidence: firstIndex and the leaves are not signed, so anyone holding a genuine checkpoint
  // could send one; it is refused and counted, and nothing is written.
  if (block.firstIndex !== held) return { kind: 'behind', size: held };
  if (block.firstIndex + block.leaves.length !== checkpoint.size) {
    return unsigned('WRONG_COUNT', `a block of ${block.leaves.length} entries from ${block.firstIndex} does not end at the checkpoint's size ${checkpoint.size}`);
  }

  // 4. our tree plus the new leaves must give the signed root; store atomically, then cosign
  try {
    return followed.transaction(() => {
      const range = storedRange(ledger, held);
      const leaves = extendTree(range, block.leaves);
      if (!equalBytes(range.rootHash(), checkpoint.root)) {
        throw new DomainError('LEDGER.ROOT_MISMATCH', `the block's leaves do not reproduce the signed root for size ${checkpoint.size}`, {
          leafHashes: leaves.slice(0, EVIDENCE_MAX_LEAF_HASHES).map((l) => toBase64(l.leafHash)),
        });
      }
      ledger.appendLeaves(leaves);
      ledger.appendCheckpoint({ size: checkpoint.size, root: checkpoint.root, note: block.checkpoint, signedAt: Date.parse(now) });
      const cosignature = cosignCheckpoint(checkpoint.text, deps.witness, Math.floor(Date.parse(now) / 1000));
      ledger.appendCosignature({ size: checkpoint.size, keyName: deps.witness.name, keyId: deps.witness.keyId, timestamp: cosignature.timestamp, line: cosignature.line });
      followed.mirror.index.recordBlock(checkpoint.size, now);
      return { kind: 'accepted' as const, size: checkpoint.size, cosignature: cosignature.line, duplicate: false };
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'LEDGER.ROOT_MISMATCH') {
      return raise('ROOT_MISMATCH', 'REJECTED_BLOCK', evidenceOf('ROOT_MISMATCH', ledger.latestCheckpoint()?.note ?? null, { leafHashes: error.details['leafHashes'] }), error.message);
    }
    throw error;
  }
}

/** Received leaves that differ from the stored ones from `firstIndex`: how many, and the first few. */
function differingLeaves(ledger: LedgerStore, firstIndex: number, leaves: readonly Uint8Array[]) {
  const first: Array<{ index: number; received: string; held: string }> = [];
  let count = 0;
  let i = 0;
  for (const stored of ledger.entries(firstIndex, firstIndex + leaves.length)) {
    const received = serverLeafHash(leaves[i] as Uint8Array);
    i += 1;
    if (equalBytes(received, stored.leafHash)) continue;
    count += 1;
    if (first.length < EVIDENCE_MAX_LEAF_HASHES) first.push({ index: stored.index, received: toBase64(received), held: toBase64(stored.leafHash) });
  }
  return { count, first };
}

/**
 * Builds the indexes for mirrored entries not yet indexed, in batches; returns how many. A leaf
 * that is not a well-formed entry is part of the signed log all the same (refusing its block
 * would change nothing but stall replication): it is indexed as `malformed` and reported.
 */
export function catchUpIndex(followed: FollowedLedger, onMalformed: (index: number) => void = () => undefined, batch = 5000): number {
  const { ledger, index } = followed.mirror;
  let done = 0;
  for (;;) {
    const from = index.indexedSize();
    const to = Math.min(ledger.size(), from + batch);
    if (to <= from) return done;
    followed.transaction(() => {
      // read the batch first: better-sqlite3 allows no writes while a read iterator is open
      const entries = [...ledger.entries(from, to)];
      const rows = entries.map((entry) => {
        try {
          return indexEntry(index, entry.index, decodeEntry(entry.data));
        } catch {
          onMalformed(entry.index);
          return { index: entry.index, type: 'malformed', subjectId: '', sellerTaxpayerId: null, buyerTaxpayerId: null, day: '0000-00-00' };
        }
      });
      index.insertEntries(rows);
      index.setIndexedSize(to);
    });
    done += to - from;
  }
}
