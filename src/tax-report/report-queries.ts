// Reading filed tax reports: the merchant its own, the tax authority every one. Another
// merchant's report reads as absent (null), exactly like a missing one.
import { authorize, merchantFilter, permits, type Principal } from '../access/index.js';
import type { TaxReport, TaxReportDeps } from './report.js';

/** The report with this id, when the caller may read it. Throws ACCESS.* for a role that reads none. */
export function readTaxReport(deps: Pick<TaxReportDeps, 'reports'>, principal: Principal | null, id: string): TaxReport | null {
  authorize(principal, 'taxReport:read');
  const report = deps.reports.get(id);
  return report && permits(principal, 'taxReport:read', { type: 'taxReport', id, merchantId: report.merchantId }) ? report : null;
}

/** A keyset page of the reports the caller may read. */
export function listTaxReports(deps: Pick<TaxReportDeps, 'reports'>, principal: Principal | null, page: { afterSeq: number; limit: number }): TaxReport[] {
  const grant = authorize(principal, 'taxReport:list');
  return deps.reports.list(merchantFilter(grant), page.afterSeq, page.limit);
}
