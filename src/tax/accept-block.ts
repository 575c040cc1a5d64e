// LEDGER.md §6: the tax node accepts a block only if its checkpoint is signed by the followed
// log's key, it starts exactly where the mirror stands, and the mirror's tree plus the new
// leaves reproduce the signed root. Storing the block and its indexes is one transaction.
// Then it cosigns (C2SP tlog-cosignature). Forks and bad blocks are refused, kept as
// evidence and raised as alerts. The authority's indexes are built from the stored leaves
// right after (catchUpIndex): derived data, kept out of the verification transaction.
import { DomainError, isDomainError, type Clock } from '../domain/index.js';
import {
  cosignCheckpoint, decodeEntry, equalBytes, extendTree, foldFrontier, frontierOf, openCheckpoint, parseCheckpointText, parseNote,
  storedRange, type NoteSigner, type VerifierKey,
} from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import { indexEntry } from './index-entries.js';
import type { Evidence, Mirror, TaxNodeStore } from './ports.js';

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

export interface BlockSubmission {
  readonly origin: string;
  /** The platform's signed checkpoint note for the block's end. */
  readonly checkpoint: string;
  /** Index of the first new entry. */
  readonly firstIndex: number;
  readonly leaves: readonly Uint8Array[];
}

export type BlockOutcome =
  | { readonly status: 200; readonly size: number; readonly cosignature: string; readonly duplicate: boolean }
  | { readonly status: 409; readonly size: number }
  | { readonly status: 422; readonly reason: Evidence['kind'] | 'UNKNOWN_ORIGIN'; readonly message: string; readonly evidenceId: string | null };

function textOf(note: string): string {
  return parseNote(note).text;
}

/** Accepts, refuses or redirects one block (see the module comment). */
export function acceptBlock(deps: AcceptDeps, block: BlockSubmission): BlockOutcome {
  const followed = deps.followed.get(block.origin);
  if (!followed) return { status: 422, reason: 'UNKNOWN_ORIGIN', message: `this node does not follow ${block.origin}`, evidenceId: null };
  const now = deps.clock.now().toISOString();
  const refuse = (kind: Evidence['kind'], message: string, heldNote: string | null, detail: Record<string, unknown> = {}): BlockOutcome => {
    const evidence: Evidence = { id: deps.ids.next('evd'), origin: block.origin, kind, receivedNote: block.checkpoint, heldNote, detail: { ...detail, firstIndex: block.firstIndex, leaves: block.leaves.length }, createdAt: now };
    deps.store.insertEvidence(evidence);
    deps.store.insertAlert({
      id: deps.ids.next('alr'), origin: block.origin, kind: kind === 'FORK' ? 'FORK' : 'REJECTED_BLOCK', message, evidenceId: evidence.id, createdAt: now,
    });
    return { status: 422, reason: kind, message, evidenceId: evidence.id };
  };

  // 1. a valid signature by the followed log's key
  let checkpoint;
  try {
    parseCheckpointText(textOf(block.checkpoint));
    checkpoint = openCheckpoint(block.checkpoint, followed.logKey);
  } catch (error) {
    const code = isDomainError(error) ? error.code : 'LEDGER.NOTE_MALFORMED';
    const kind: Evidence['kind'] = code === 'LEDGER.UNKNOWN_KEY' ? 'UNKNOWN_KEY' : code === 'LEDGER.BAD_SIGNATURE' ? 'BAD_SIGNATURE' : 'MALFORMED';
    return refuse(kind, `block refused: ${isDomainError(error) ? error.message : 'malformed checkpoint'}`, null);
  }

  const ledger = followed.mirror.ledger;
  const held = ledger.size();
  // 2. a checkpoint at or below what we hold must agree with our copy: else it is a fork
  if (checkpoint.size <= held) {
    const ours = checkpoint.size === 0 ? null : foldFrontier(ledger.nodeHashes(frontierOf(checkpoint.size)));
    const heldCheckpoint = ledger.checkpoint(checkpoint.size);
    if (ours === null || !equalBytes(ours, checkpoint.root)) {
      return refuse('FORK', `fork: ${block.origin} signed a different root for size ${checkpoint.size}`, heldCheckpoint?.note ?? ledger.latestCheckpoint()?.note ?? null, { size: checkpoint.size });
    }
    const existing = ledger.cosignatures(checkpoint.size).find((c) => equalBytes(c.keyId, deps.witness.keyId));
    if (existing && block.firstIndex + block.leaves.length === checkpoint.size) {
      return { status: 200, size: checkpoint.size, cosignature: existing.line, duplicate: true };
    }
    return { status: 409, size: held };
  }
  // 3. the block must start where we stand
  if (block.firstIndex !== held) return { status: 409, size: held };
  if (block.firstIndex + block.leaves.length !== checkpoint.size) {
    return refuse('MALFORMED', `block of ${block.leaves.length} entries from ${block.firstIndex} does not end at the checkpoint's size ${checkpoint.size}`, null);
  }

  // 4. our tree plus the new leaves must give the signed root; store atomically, then cosign
  try {
    return followed.transaction(() => {
      const range = storedRange(ledger, held);
      const leaves = extendTree(range, block.leaves);
      if (!equalBytes(range.rootHash(), checkpoint.root)) {
        throw new DomainError('LEDGER.ROOT_MISMATCH', `the block's leaves do not reproduce the signed root for size ${checkpoint.size}`);
      }
      ledger.appendLeaves(leaves);
      ledger.appendCheckpoint({ size: checkpoint.size, root: checkpoint.root, note: block.checkpoint, signedAt: Date.parse(now) });
      const cosignature = cosignCheckpoint(checkpoint.text, deps.witness, Math.floor(Date.parse(now) / 1000));
      ledger.appendCosignature({ size: checkpoint.size, keyName: deps.witness.name, keyId: deps.witness.keyId, timestamp: cosignature.timestamp, line: cosignature.line });
      followed.mirror.index.recordBlock(checkpoint.size, now);
      return { status: 200 as const, size: checkpoint.size, cosignature: cosignature.line, duplicate: false };
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'LEDGER.ROOT_MISMATCH') {
      return refuse('ROOT_MISMATCH', error.message, ledger.latestCheckpoint()?.note ?? null, { size: checkpoint.size });
    }
    throw error;
  }
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
