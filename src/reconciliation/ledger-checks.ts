// Checks 4 and 6 of the nightly run: the day's ledger (every entry's leaf hash recomputed,
// every checkpoint of the day re-derived, signed by the log and consistent with the previous
// day's last one) and the tax node (holds and cosigned the day's last checkpoint, same root).
import {
  consistencyProofFrom, equalBytes, openCheckpoint, parseCosignatureLine, storedRange, toBase64,
  verifyConsistency, verifyCosignature, type LedgerStore, type VerifierKey,
} from '../ledger/index.js';
import { isDomainError } from '../domain/index.js';
import type { TaxNodeClient } from '../replication/index.js';
import type { Difference } from './ports.js';

export interface LedgerDayResult {
  readonly differences: Difference[];
  readonly counts: { entries: number; checkpoints: number; cosigned: number };
  readonly lastCheckpoint: { size: number; root: Uint8Array; note: string } | null;
}

export function checkLedgerDay(options: {
  store: LedgerStore;
  logKey: VerifierKey;
  witnesses: readonly VerifierKey[];
  fromMs: number;
  toMs: number;
  onProgress?: (done: number, total: number) => void;
}): LedgerDayResult {
  const { store } = options;
  const differences: Difference[] = [];
  const checkpoints = store.checkpointsSignedBetween(options.fromMs, options.toMs);
  const previous = store.lastCheckpointSignedBefore(options.fromMs);
  if (checkpoints.length === 0) return { differences, counts: { entries: 0, checkpoints: 0, cosigned: 0 }, lastCheckpoint: null };
  const start = previous?.size ?? 0;
  const end = (checkpoints.at(-1) as { size: number }).size;
  // the tree up to the previous day's last checkpoint, from stored hashes (checked on that day)
  const range = storedRange(store, start);
  let size = start;
  let next = 0;
  const total = end - start;
  const batch = 2_000;
  for (let from = start; from < end; from += batch) {
    const entries = [...store.entries(from, Math.min(end, from + batch))];
    for (const entry of entries) {
      // hashed once: checked against the stored leaf hash, then appended as it is
      const hash = range.hasher.hashLeaf(entry.data);
      if (!equalBytes(hash, entry.leafHash)) {
        differences.push({ type: 'LEAF_HASH_MISMATCH', severity: 'ERROR', ids: { ledgerIndex: entry.index }, detail: `ledger entry ${entry.index} does not hash to its stored leaf hash` });
      }
      range.append(hash);
      size += 1;
      while (next < checkpoints.length && (checkpoints[next] as { size: number }).size === size) {
        const cp = checkpoints[next] as (typeof checkpoints)[number];
        let valid: boolean;
        try {
          const opened = openCheckpoint(cp.note, options.logKey);
          valid = opened.size === cp.size && equalBytes(opened.root, cp.root) && equalBytes(range.rootHash(), cp.root);
        } catch {
          valid = false;
        }
        if (!valid) {
          differences.push({ type: 'CHECKPOINT_INVALID', severity: 'ERROR', ids: { checkpointSize: cp.size }, detail: `checkpoint ${cp.size}: the signed root does not match the entries, or the signature fails` });
        }
        if (previous) {
          const proof = consistencyProofFrom(store, previous.size, cp.size);
          if (!verifyConsistency({ size1: previous.size, size2: cp.size, root1: previous.root, root2: cp.root, proof: proof.proof })) {
            differences.push({ type: 'CHECKPOINT_INCONSISTENT', severity: 'ERROR', ids: { checkpointSize: cp.size, previousSize: previous.size }, detail: `checkpoint ${cp.size} is not consistent with the previous day's last checkpoint ${previous.size}` });
          }
        }
        next += 1;
      }
    }
    options.onProgress?.(size - start, total);
  }
  const last = checkpoints.at(-1) as (typeof checkpoints)[number];
  let cosigned = 0;
  const text = last.note.slice(0, last.note.indexOf('\n\n') + 1);
  for (const c of store.cosignatures(last.size)) {
    const witness = options.witnesses.find((w) => w.name === c.keyName && equalBytes(w.keyId, c.keyId));
    try {
      if (witness && verifyCosignature(text, parseCosignatureLine(c.line), witness)) cosigned += 1;
    } catch {
      // counted as not cosigned below
    }
  }
  return { differences, counts: { entries: total, checkpoints: checkpoints.length, cosigned }, lastCheckpoint: last };
}

/** Check 6: the tax node holds the day's last checkpoint with the same root (and cosigned it). */
export async function checkTaxNode(options: {
  last: { size: number; root: Uint8Array } | null;
  cosigned: number;
  origin: string;
  taxNode: TaxNodeClient | undefined;
}): Promise<Difference[]> {
  const { last } = options;
  if (!last) return [];
  const differences: Difference[] = [];
  if (options.cosigned === 0) {
    differences.push({ type: 'TAX_NODE_NOT_COSIGNED', severity: 'ERROR', ids: { checkpointSize: last.size }, detail: `the day's last checkpoint (${last.size}) carries no valid cosignature from the tax node` });
  }
  if (!options.taxNode) return differences;
  try {
    const status = await options.taxNode.status(options.origin, last.size);
    if (!status.root || !equalBytes(status.root, last.root)) {
      differences.push({ type: 'TAX_NODE_ROOT_MISMATCH', severity: 'ERROR', ids: { checkpointSize: last.size, taxNodeSize: status.held }, detail: `the tax node's root at size ${last.size} is ${status.root ? toBase64(status.root) : 'missing'}, ours is ${toBase64(last.root)}` });
    }
  } catch (error) {
    // any failure of the client is a finding of the night's run, never a reason to abort it
    const code = isDomainError(error) ? error.code : '';
    if (code === 'TAX_NODE.UNAVAILABLE') {
      // it answered, but with no status for our ledger: it does not hold our root
      differences.push({ type: 'TAX_NODE_ROOT_MISMATCH', severity: 'ERROR', ids: { checkpointSize: last.size, taxNodeSize: null }, detail: `the tax node's root at size ${last.size} is missing, ours is ${toBase64(last.root)}` });
    } else {
      // what went wrong, in words of our own: no address or internal text reaches a report
      const why = code === 'TAX_NODE.TIMEOUT' ? 'it did not answer within 10 s' : code === 'TAX_NODE.BAD_ANSWER' ? 'its answer was not JSON' : 'it could not be reached';
      differences.push({ type: 'TAX_NODE_UNREACHABLE', severity: 'ERROR', ids: { checkpointSize: last.size }, detail: `the tax node could not be asked: ${why}` });
    }
  }
  return differences;
}
