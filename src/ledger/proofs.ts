// Proofs from any ledger store (the platform's ledger or a tax node's mirror): plan from
// index arithmetic, fetch the planned nodes in one batch, fold (RFC 9162 §2.1.3.1, §2.1.4.1).
import { ledgerError } from './errors.js';
import { foldFrontier } from './hash.js';
import type { LedgerStore } from './ports.js';
import { frontierOf, planConsistency, planInclusion, type PlannedHash } from './proof-plan.js';

export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: Uint8Array[];
  readonly root: Uint8Array;
}

export interface ConsistencyProof {
  readonly size1: number;
  readonly size2: number;
  readonly proof: Uint8Array[];
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
}

function assertWithin(store: LedgerStore, size: number, name: string): void {
  const current = store.size();
  if (!Number.isSafeInteger(size) || size < 0 || size > current) {
    throw ledgerError('OUT_OF_RANGE', `${name} ${size} is beyond the ledger's ${current} entries`, { [name]: size, current });
  }
}

function fetchPlanned(store: LedgerStore, plan: readonly PlannedHash[]): Uint8Array[] {
  const hashes = store.nodeHashes(plan.flatMap((p) => p.nodes));
  let offset = 0;
  return plan.map((p) => {
    const part = hashes.slice(offset, offset + p.nodes.length);
    offset += p.nodes.length;
    return foldFrontier(part);
  });
}

/** MTH of the first `size` leaves from O(log n) stored subtree hashes. */
export function rootAt(store: LedgerStore, size: number): Uint8Array {
  assertWithin(store, size, 'size');
  return foldFrontier(store.nodeHashes(frontierOf(size)));
}

/** PATH(index, D[size]) — RFC 9162 §2.1.3.1; LEDGER.OUT_OF_RANGE for a bad index or size. */
export function inclusionProofFrom(store: LedgerStore, index: number, size: number): InclusionProof {
  assertWithin(store, size, 'size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw ledgerError('OUT_OF_RANGE', `index ${index} out of bounds for tree size ${size}`, { index, size });
  }
  const [leafHash] = store.nodeHashes([{ level: 0, index }]);
  return { index, size, leafHash: leafHash as Uint8Array, proof: fetchPlanned(store, planInclusion(index, size)), root: rootAt(store, size) };
}

/** PROOF(size1, D[size2]) — RFC 9162 §2.1.4.1; LEDGER.OUT_OF_RANGE unless 0 < size1 ≤ size2 ≤ size. */
export function consistencyProofFrom(store: LedgerStore, size1: number, size2: number): ConsistencyProof {
  assertWithin(store, size2, 'size2');
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > size2) {
    throw ledgerError('OUT_OF_RANGE', `no consistency proof from size ${size1} to ${size2}`, { size1, size2 });
  }
  const proof = size1 === size2 ? [] : fetchPlanned(store, planConsistency(size1, size2));
  return { size1, size2, proof, root1: rootAt(store, size1), root2: rootAt(store, size2) };
}
