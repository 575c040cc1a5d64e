// Reconciliation on request (GraphQL): who may run which report, upload a bill or read
// reports. A MERCHANT runs and reads only its own report (a new version of it, never the
// platform-wide one, so never the catch-up watermark); ADMIN runs one merchant's or, naming
// none, the whole platform's. The nightly job and the CLI call reconcileDay directly.
import { authorize, merchantFilter, permits, type Principal } from '../access/index.js';
import { DomainError } from '../domain/index.js';
import type { ReconciliationReport } from './ports.js';
import { assertReconcilableDay, reconcileDay, type ReconcileDeps, type ReconcileResult } from './run.js';
import { parseTradeBill } from './trade-bill.js';

/**
 * Runs `day` for the merchant the caller names (ADMIN) or owns (MERCHANT); with neither, the
 * platform-wide run, ADMIN's alone. Throws ACCESS.*, MERCHANT.NOT_FOUND (a MERCHANT naming
 * another), RECONCILIATION.BAD_DATE, or RECONCILIATION.RATE_LIMITED (details:
 * `retryAfterSeconds`) when a merchant-confined caller is over its budget of runs.
 */
export async function runReconciliation(deps: ReconcileDeps, principal: Principal | null, day: string, requestedMerchantId?: string | null): Promise<ReconcileResult> {
  const grant = authorize(principal, 'reconciliation:run:merchant');
  const merchantId = requestedMerchantId || grant.merchantId;
  if (merchantId) authorize(principal, 'reconciliation:run:merchant', { type: 'merchant', id: merchantId, merchantId });
  else authorize(principal, 'reconciliation:run:platform');
  assertReconcilableDay(deps, day);
  // each run replays the whole ledger: a caller confined to its merchant is rationed
  if (grant.scope === 'ownMerchant' && grant.merchantId !== null && deps.merchantRuns) {
    const budget = deps.merchantRuns.take(grant.merchantId);
    if (!budget.allowed) {
      throw new DomainError('RECONCILIATION.RATE_LIMITED', `too many reconciliation runs; try again in ${budget.retryAfterSeconds} s`, { retryAfterSeconds: budget.retryAfterSeconds });
    }
  }
  return reconcileDay(deps, day, { merchantId: merchantId ?? undefined });
}

/**
 * Stores the caller's (MERCHANT) provider trade bill for `day`, replacing any before it.
 * Refuses a bill that does not parse (BILL.MALFORMED, naming the line) and stores nothing then.
 */
export async function uploadTradeBill(deps: Pick<ReconcileDeps, 'bills'>, principal: Principal | null, day: string, content: string): Promise<void> {
  const merchantId = authorize(principal, 'reconciliation:uploadBill').merchantId ?? '';
  // refuse what does not parse, naming the line; store nothing in that case
  for await (const row of parseTradeBill(content.split(/\n/u).filter((l, i, all) => i < all.length - 1 || l !== ''))) void row;
  await deps.bills.writeBill(merchantId, day, content);
}

/** A report, when the caller may read it (a MERCHANT its own; the platform-wide one is ADMIN's). */
export function readReconciliationReport(deps: Pick<ReconcileDeps, 'store'>, principal: Principal | null, id: string): ReconciliationReport | null {
  authorize(principal, 'reconciliation:read');
  const report = deps.store.report(id);
  return report && permits(principal, 'reconciliation:read', { type: 'reconciliationReport', id, merchantId: report.scope === '*' ? null : report.scope }) ? report : null;
}

/** A keyset page of the reports the caller may read; a MERCHANT naming another merchant gets none. */
export function listReconciliationReports(
  deps: Pick<ReconcileDeps, 'store'>,
  principal: Principal | null,
  filter: { from?: string | undefined; to?: string | undefined; merchantId?: string | null | undefined },
  page: { afterSeq: number; limit: number },
): ReconciliationReport[] {
  const confinedTo = merchantFilter(authorize(principal, 'reconciliation:read'));
  if (confinedTo !== null && filter.merchantId && filter.merchantId !== confinedTo) return [];
  const scope = confinedTo ?? filter.merchantId;
  return deps.store.reports({ ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(scope ? { scope } : {}) }, page.afterSeq, page.limit);
}
