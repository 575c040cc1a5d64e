import { listReconciliationReports, readReconciliationReport, runReconciliation, uploadTradeBill, type ReconciliationReport } from '../../reconciliation/index.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { apiError } from '../errors.js';

function deps(ctx: GraphQLContext) {
  if (!ctx.reconcileDeps) throw apiError('INVALID_STATE', 'reconciliation is not configured on this server', 'RECONCILIATION.UNAVAILABLE');
  return ctx.reconcileDeps;
}

export const reconciliationResolvers = {
  Query: {
    reconciliationReports(_: unknown, args: { dateFrom?: string | null; dateTo?: string | null; merchantId?: string | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      const filter = { from: args.dateFrom ?? undefined, to: args.dateTo ?? undefined, merchantId: args.merchantId };
      return toConnection(listReconciliationReports(deps(ctx), ctx.principal, filter, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
    reconciliationReport: (_: unknown, args: { id: string }, ctx: GraphQLContext) => readReconciliationReport(deps(ctx), ctx.principal, args.id),
  },
  Mutation: {
    // days after today or before the ledger began are BAD_USER_INPUT; who may run what: src/reconciliation/on-demand.ts
    async runReconciliation(_: unknown, args: { date: string; merchantId?: string | null }, ctx: GraphQLContext) {
      const result = await runReconciliation(deps(ctx), ctx.principal, args.date, args.merchantId);
      return result.held ? { held: true, reports: [] } : { held: false, reports: result.reports };
    },
    async uploadTradeBill(_: unknown, args: { date: string; content: string }, ctx: GraphQLContext) {
      await uploadTradeBill(deps(ctx), ctx.principal, args.date, args.content);
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
