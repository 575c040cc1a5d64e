import { assertReconcilableDay, parseTradeBill, reconcileDay, type ReconciliationReport } from '../../reconciliation/index.js';
import { DomainError, isDomainError } from '../../domain/index.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { apiError } from '../errors.js';
import { merchantScope, requireRole } from '../guards.js';

function deps(ctx: GraphQLContext) {
  if (!ctx.reconcileDeps) throw apiError('INVALID_STATE', 'reconciliation is not configured on this server', 'RECONCILIATION.UNAVAILABLE');
  return ctx.reconcileDeps;
}

function visible(ctx: GraphQLContext, report: ReconciliationReport | null): ReconciliationReport | null {
  const scope = merchantScope(requireRole(ctx.principal, 'ADMIN', 'MERCHANT'));
  return report && (scope === null || report.scope === scope) ? report : null;
}

export const reconciliationResolvers = {
  Query: {
    reconciliationReports(_: unknown, args: { dateFrom?: string | null; dateTo?: string | null; merchantId?: string | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const scope = merchantScope(requireRole(ctx.principal, 'ADMIN', 'MERCHANT'));
      if (scope !== null && args.merchantId && args.merchantId !== scope) return toConnection([], 1);
      const size = pageSize(args.first);
      const rows = deps(ctx).store.reports(
        { ...(args.dateFrom ? { from: args.dateFrom } : {}), ...(args.dateTo ? { to: args.dateTo } : {}), ...((scope ?? args.merchantId) ? { scope: (scope ?? args.merchantId) as string } : {}) },
        decodeCursor(args.after), size + 1,
      );
      return toConnection(rows, size);
    },
    reconciliationReport: (_: unknown, args: { id: string }, ctx: GraphQLContext) => visible(ctx, deps(ctx).store.report(args.id)),
  },
  Mutation: {
    // MERCHANT: its own report only (a new version of it; never the platform-wide report, so
    // never the catch-up watermark). ADMIN: one merchant's, or with no merchantId the whole
    // platform's. Days after today or before the ledger began are BAD_USER_INPUT.
    async runReconciliation(_: unknown, args: { date: string; merchantId?: string | null }, ctx: GraphQLContext) {
      const principal = requireRole(ctx.principal, 'ADMIN', 'MERCHANT');
      const merchantId = principal.role === 'MERCHANT' ? principal.merchantId : (args.merchantId ?? undefined);
      if (principal.role === 'MERCHANT' && args.merchantId && args.merchantId !== principal.merchantId) throw apiError('NOT_FOUND', `no merchant ${args.merchantId}`, 'MERCHANT.NOT_FOUND');
      assertReconcilableDay(deps(ctx), args.date);
      const runs = deps(ctx).merchantRuns;
      if (principal.role === 'MERCHANT' && runs) {
        const budget = runs.take(principal.merchantId);
        if (!budget.allowed) {
          throw new DomainError('RECONCILIATION.RATE_LIMITED', `too many reconciliation runs; try again in ${budget.retryAfterSeconds} s`, { retryAfterSeconds: budget.retryAfterSeconds });
        }
      }
      const result = await reconcileDay(deps(ctx), args.date, { merchantId });
      return result.held ? { held: true, reports: [] } : { held: false, reports: result.reports };
    },
    async uploadTradeBill(_: unknown, args: { date: string; content: string }, ctx: GraphQLContext) {
      const merchant = requireRole(ctx.principal, 'MERCHANT');
      // refuse what does not parse, naming the line; store nothing in that case
      try {
        for await (const row of parseTradeBill(args.content.split(/\n/u).filter((l, i, all) => i < all.length - 1 || l !== ''))) void row;
      } catch (error) {
        if (isDomainError(error)) throw apiError('BAD_USER_INPUT', error.message, error.code);
        throw error;
      }
      await deps(ctx).bills.writeBill(merchant.merchantId, args.date, args.content);
      return true;
    },
  },
  ReconciliationReport: {
    merchantId: (r: ReconciliationReport) => (r.scope === '*' ? null : r.scope),
    counts: (r: ReconciliationReport) => JSON.stringify(r.counts),
    differenceCount: (r: ReconciliationReport) => r.differences,
    differences(r: ReconciliationReport, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      const rows = deps(ctx).store.differences(r.id, decodeCursor(args.after), size + 1);
      const nodes = rows.slice(0, size).map((d) => ({ cursor: encodeCursor(d.n), node: { ...d, ids: JSON.stringify(d.ids) } }));
      return { edges: nodes, pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.at(-1)?.cursor ?? null } };
    },
  },
};
