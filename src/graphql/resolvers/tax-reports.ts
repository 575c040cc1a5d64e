import { toBase64 } from '../../ledger/index.js';
import { coveredIndexes, fileTaxReport, type TaxReport } from '../../tax-report/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { merchantScope, requireRole } from '../guards.js';

export const taxReportResolvers = {
  Query: {
    taxReport(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      const scope = merchantScope(requireRole(ctx.principal, 'MERCHANT', 'TAX_AUTHORITY'));
      const report = ctx.platform.taxReportDeps.reports.get(args.id);
      return report && (scope === null || report.merchantId === scope) ? report : null;
    },
    taxReports(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const scope = merchantScope(requireRole(ctx.principal, 'MERCHANT', 'TAX_AUTHORITY'));
      const size = pageSize(args.first);
      return toConnection(ctx.platform.taxReportDeps.reports.list(scope, decodeCursor(args.after), size + 1), size);
    },
  },
  Mutation: {
    fileTaxReport(_: unknown, args: { period: string; correction?: boolean | null }, ctx: GraphQLContext) {
      const merchant = requireRole(ctx.principal, 'MERCHANT');
      return ctx.platform.writes.submit(() => fileTaxReport(ctx.platform.taxReportDeps, merchant.merchantId, args.period, args.correction ?? false));
    },
  },
  TaxReport: {
    previous: (r: TaxReport, _: unknown, ctx: GraphQLContext) => (r.previous ? ctx.platform.taxReportDeps.reports.get(r.previous) : null),
    lines: (r: TaxReport) => r.rates,
    coveredRoot: (r: TaxReport) => toBase64(r.coveredRoot),
    coveredIndexes: (r: TaxReport) => coveredIndexes(r).slice(0, 1000),
  },
};
