import { toBase64 } from '../../ledger/index.js';
import { coveredIndexes, fileTaxReport, listTaxReports, readTaxReport, type TaxReport } from '../../tax-report/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const taxReportResolvers = {
  Query: {
    taxReport: (_: unknown, args: { id: string }, ctx: GraphQLContext) => readTaxReport(ctx.platform.taxReportDeps, ctx.principal, args.id),
    taxReports(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      return toConnection(listTaxReports(ctx.platform.taxReportDeps, ctx.principal, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
  },
  Mutation: {
    fileTaxReport: (_: unknown, args: { period: string; correction?: boolean | null }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => fileTaxReport(ctx.platform.taxReportDeps, ctx.principal, args.period, args.correction ?? false)),
  },
  TaxReport: {
    previous: (r: TaxReport, _: unknown, ctx: GraphQLContext) => (r.previous ? ctx.platform.taxReportDeps.reports.get(r.previous) : null),
    lines: (r: TaxReport) => r.rates,
    coveredRoot: (r: TaxReport) => toBase64(r.coveredRoot),
    coveredIndexes: (r: TaxReport) => coveredIndexes(r).slice(0, 1000),
  },
};
