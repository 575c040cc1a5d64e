// The platform ledger's read API: its head and proofs are open to every key (they carry no
// tenant data); an entry carries a merchant's data, so a MERCHANT reads only entries that
// name it, and another's entry reads as absent (null), like an index past the end.
import { authorize, permits, type Principal } from '../access/index.js';
import { decodeEntry, type CheckpointView, type ConsistencyProof, type InclusionProof, type Ledger, type StoredEntry } from '../ledger/index.js';

export function readLedgerHead(ledger: Ledger, principal: Principal | null): CheckpointView | null {
  authorize(principal, 'ledger:readHead');
  return ledger.latestCheckpoint();
}

/** The entry at `index`, or null when there is none or the caller may not read it. */
export function readLedgerEntry(ledger: Ledger, principal: Principal | null, index: number): StoredEntry | null {
  authorize(principal, 'ledger:read');
  if (!Number.isSafeInteger(index) || index < 0 || index >= ledger.size()) return null;
  const entry = ledger.entry(index);
  const merchantId = decodeEntry(entry.data).data['merchantId'];
  return permits(principal, 'ledger:read', { type: 'ledgerEntry', id: String(index), merchantId: typeof merchantId === 'string' ? merchantId : null }) ? entry : null;
}

/** PATH(index, D[treeSize]), RFC 9162 §2.1.3.1. */
export function proveInclusion(ledger: Ledger, principal: Principal | null, index: number, treeSize: number): InclusionProof {
  authorize(principal, 'ledger:prove');
  return ledger.inclusionProof(index, treeSize);
}

/** PROOF(size1, D[size2]), RFC 9162 §2.1.4.1. */
export function proveConsistency(ledger: Ledger, principal: Principal | null, size1: number, size2: number): ConsistencyProof {
  authorize(principal, 'ledger:prove');
  return ledger.consistencyProof(size1, size2);
}
