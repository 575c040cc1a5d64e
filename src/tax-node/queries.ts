// The tax node's service entry points for its GraphQL API: each asks `authorize` first, then
// answers from the node's own copy of the followed ledgers (src/tax). 查验 is open to anyone,
// with a bare authentic/not answer; the proof, the amounts and everything else are the tax
// authority's (and the node's ADMIN's).
import { authorize, createApiKey, permits, type Principal } from '../access/index.js';
import { DomainError } from '../domain/index.js';
import {
  ledgerStatuses, taxpayerSummary, verifyInvoice, verifyTaxReport, type EntryFilter, type FollowedLedger, type IndexedEntry, type InvoiceVerification, type LedgerStatus,
  type ReportVerification, type StoredAlert, type TaxpayerSummary,
} from '../witness/index.js';
import type { TaxNode } from './node.js';

function followedLedger(node: TaxNode, origin: string): FollowedLedger {
  const f = node.followed.get(origin);
  if (!f) throw new DomainError('LEDGER.UNKNOWN_ORIGIN', `this node does not follow ${origin}`, { origin });
  return f;
}

/**
 * 查验 by number, issue date and total. `full` says whether the caller may see the proof and
 * the invoice's fields; without it only `authentic` may be shown. Throws ACCESS.FORBIDDEN for
 * a key of a role that may not verify here.
 */
export function verifyInvoiceAs(node: TaxNode, principal: Principal | null, query: { number: string; issueDate: string; totalAmount: number }): { full: boolean; verification: InvoiceVerification } {
  const full = permits(principal, 'taxNode:verifyInvoice:full');
  if (!full) authorize(principal, 'taxNode:verifyInvoice');
  return { full, verification: verifyInvoice(node.followed, query) };
}

export function listFollowedLedgers(node: TaxNode, principal: Principal | null): LedgerStatus[] {
  authorize(principal, 'taxNode:ledgers');
  return ledgerStatuses(node.followed, node.clock);
}

export interface MirroredBlock {
  readonly seq: number;
  readonly firstIndex: number;
  readonly size: number;
  readonly root: Uint8Array;
  readonly checkpoint: string;
  readonly receivedAt: string;
  readonly height: number;
}

/** A page of a followed ledger's accepted blocks after tree size `afterSize`, oldest first (`limit` rows). */
export function listBlocks(node: TaxNode, principal: Principal | null, origin: string, page: { afterSize: number; limit: number }): MirroredBlock[] {
  authorize(principal, 'taxNode:blocks');
  const f = followedLedger(node, origin);
  const checkpoints = f.mirror.ledger.checkpointsAfter(page.afterSize, page.limit);
  const base = f.mirror.ledger.checkpointCount(page.afterSize);
  let previous = page.afterSize;
  return checkpoints.map((c, i) => {
    const block = {
      seq: c.size, firstIndex: previous, size: c.size, root: c.root,
      checkpoint: c.note + f.mirror.ledger.cosignatures(c.size).map((x) => `${x.line}\n`).join(''),
      receivedAt: new Date(c.signedAt).toISOString(), height: base + i + 1,
    };
    previous = c.size;
    return block;
  });
}

/** A page of a followed ledger's indexed entries after ledger index `afterIndex`, each with its bytes. */
export function listEntries(node: TaxNode, principal: Principal | null, origin: string, filter: EntryFilter, page: { afterIndex: number; limit: number }): Array<IndexedEntry & { data: Uint8Array }> {
  authorize(principal, 'taxNode:entries');
  const f = followedLedger(node, origin);
  return f.mirror.index.entries(filter, page.afterIndex, page.limit).map((r) => ({ ...r, data: f.mirror.ledger.entry(r.index)?.data ?? new Uint8Array(0) }));
}

export function summariseTaxpayer(node: TaxNode, principal: Principal | null, taxpayerId: string, period: string): TaxpayerSummary {
  authorize(principal, 'taxNode:taxpayerSummary');
  return taxpayerSummary(node.followed, taxpayerId, period);
}

export function checkTaxReport(node: TaxNode, principal: Principal | null, reportId: string): ReportVerification {
  authorize(principal, 'taxNode:verifyTaxReport');
  return verifyTaxReport(node.followed, reportId);
}

/** Alerts newest first: `beforeSeq` is the last seq seen (null for the newest page). */
export function listAlerts(node: TaxNode, principal: Principal | null, page: { beforeSeq: number | null; limit: number }): StoredAlert[] {
  authorize(principal, 'taxNode:alerts');
  return node.store.alerts(page.beforeSeq, page.limit);
}

/** ADMIN: a new key of this node (TAX_AUTHORITY or ADMIN), shown once. */
export function createNodeApiKey(node: TaxNode, principal: Principal | null, input: { role: 'TAX_AUTHORITY' | 'ADMIN'; label: string }): { id: string; role: string; key: string } {
  authorize(principal, 'apiKey:create');
  const { key, record } = createApiKey({ keys: node.keys, ids: node.ids, clock: node.clock }, { role: input.role, label: input.label });
  return { id: record.id, role: record.role, key };
}
