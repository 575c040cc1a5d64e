import { toBase64 } from '../../ledger/index.js';
import { coveredIndexes, fileTaxReport, listTaxReports, readTaxReport, type TaxReport, type TaxReportPreview } from '../../tax-report/index.js';

/** A filed report or a preview (not filed: no id, ledger index or filing time of its own). */
type Shown = TaxReport | TaxReportPreview;
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
    fileTaxReport: (_: unknown, args: { period: string; correction?: boolean | null; preview?: boolean | null }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => fileTaxReport(ctx.platform.taxReportDeps, ctx.principal, args.period, args.correction ?? false, args.preview ?? false)),
  },
  TaxReport: {
    id: (r: Shown) => ('preview' in r ? `preview:${r.period}` : r.id),
    preview: (r: Shown) => 'preview' in r,
    ledgerIndex: (r: Shown) => ('preview' in r ? null : r.ledgerIndex),
    filedAt: (r: Shown) => ('preview' in r ? null : r.filedAt),
    previous: (r: Shown, _: unknown, ctx: GraphQLContext) => (r.previous ? ctx.platform.taxReportDeps.reports.get(r.previous) : null),
    lines: (r: Shown) => r.rates,
    coveredRoot: (r: Shown) => toBase64(r.coveredRoot),
    coveredIndexes: (r: Shown) => coveredIndexes(r).slice(0, 1000),
  },
};
