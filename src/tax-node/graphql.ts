// The tax authority's GraphQL API on the tax node (SDL in schema/tax-node/). Shares the
// platform's error mapping, scalars, connections and limits; who may ask what is decided in queries.ts.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import path from 'node:path';
import type { Principal } from '../access/index.js';
import { toBase64 } from '../ledger/index.js';
import { apiError } from '../graphql/errors.js';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/connection.js';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../graphql/scalars.js';
import { loadTypeDefs, SCHEMA_DIR, sharedApolloOptions } from '../graphql/server.js';
import type { TaxNode } from './node.js';
import { checkTaxReport, createNodeApiKey, listAlerts, listBlocks, listEntries, listFollowedLedgers, summariseTaxpayer, verifyInvoiceAs } from './queries.js';

export interface TaxNodeContext {
  readonly principal: Principal | null;
  readonly node: TaxNode;
}

function page<T>(rows: T[], size: number, seqOf: (row: T) => number) {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(seqOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** verifyInvoice fields resolved per anonymous request (the context object is one per request). */
const anonymousVerifications = new WeakMap<TaxNodeContext, number>();

const resolvers = {
  Money: MoneyScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    health: () => 'ok',
    verifyInvoice(_: unknown, args: { number: string; issueDate: string; totalAmount: number }, ctx: TaxNodeContext) {
      const { full, verification: v } = verifyInvoiceAs(ctx.node, ctx.principal, args);
      if (!full) {
        // the anonymous budget is one unit per request (app.ts); validation refuses a second
        // verifyInvoice in an anonymous request, and this holds even without that rule
        const seen = anonymousVerifications.get(ctx) ?? 0;
        anonymousVerifications.set(ctx, seen + 1);
        if (seen > 0) throw apiError('BAD_USER_INPUT', 'a request without a key may verify one invoice', 'GRAPHQL.ONE_VERIFICATION_PER_REQUEST');
      }
      const status = v.invoice ? { invoice: v.invoice.status, reimbursement: v.invoice.reimbursement, taxReported: v.invoice.taxReported } : null;
      // without a key, "no such number" and "wrong date or amount" are one answer: telling them
      // apart would show which (sequential) invoice numbers exist
      if (!full) return v.authentic ? { authentic: true, reason: null, status } : { authentic: false, reason: 'NOT_AUTHENTIC', status: null };
      if (!v.invoice || !v.proof) return { authentic: v.authentic, reason: v.reason, status };
      return {
        authentic: v.authentic, reason: v.reason, status, origin: v.origin, ledgerIndex: v.invoice.issuedIndex,
        leafData: new TextDecoder().decode(v.proof.leafData), checkpoint: v.proof.checkpoint,
        inclusionProof: { hashes: v.proof.proof.map(toBase64), treeSize: v.proof.size, root: toBase64(v.proof.root), leafHash: toBase64(v.proof.leafHash) },
        number: v.invoice.number, gross: v.invoice.gross, net: v.invoice.net, tax: v.invoice.tax,
        sellerTaxpayerId: v.invoice.sellerTaxpayerId, buyerTaxpayerId: v.invoice.buyerTaxpayerId,
      };
    },
    ledgers: (_: unknown, __: unknown, ctx: TaxNodeContext) => listFollowedLedgers(ctx.node, ctx.principal),
    blocks(_: unknown, args: { origin: string; first?: number | null; after?: string | null }, ctx: TaxNodeContext) {
      const size = pageSize(args.first);
      const blocks = listBlocks(ctx.node, ctx.principal, args.origin, { afterSize: decodeCursor(args.after), limit: size + 1 });
      return page(blocks.map((b) => ({ ...b, root: toBase64(b.root) })), size, (b) => b.seq);
    },
    entries(_: unknown, args: { origin: string; filter?: { type?: string | null; sellerTaxpayerId?: string | null; buyerTaxpayerId?: string | null; dateFrom?: string | null; dateTo?: string | null } | null; first?: number | null; after?: string | null }, ctx: TaxNodeContext) {
      const size = pageSize(args.first);
      const filter = args.filter ?? {};
      const rows = listEntries(
        ctx.node, ctx.principal, args.origin,
        { type: filter.type ?? undefined, sellerTaxpayerId: filter.sellerTaxpayerId ?? undefined, buyerTaxpayerId: filter.buyerTaxpayerId ?? undefined, dayFrom: filter.dateFrom ?? undefined, dayTo: filter.dateTo ?? undefined },
        { afterIndex: args.after ? decodeCursor(args.after) : -1, limit: size + 1 },
      );
      return page(rows.map((r) => ({ ...r, data: new TextDecoder().decode(r.data) })), size, (r) => r.index);
    },
    taxpayerSummary: (_: unknown, args: { taxpayerId: string; period: string }, ctx: TaxNodeContext) => summariseTaxpayer(ctx.node, ctx.principal, args.taxpayerId, args.period),
    verifyTaxReport(_: unknown, args: { reportId: string }, ctx: TaxNodeContext) {
      const v = checkTaxReport(ctx.node, ctx.principal, args.reportId);
      return {
        ...v,
        reportedInvoiceCount: v.invoiceCount.reported, recomputedInvoiceCount: v.invoiceCount.recomputed,
        reportedCoveredRoot: v.coveredRoot.reported, recomputedCoveredRoot: v.coveredRoot.recomputed,
      };
    },
    alerts(_: unknown, args: { first?: number | null; after?: string | null }, ctx: TaxNodeContext) {
      const size = pageSize(args.first);
      // newest first: the cursor is the last seq seen, the next page holds smaller ones
      const rows = listAlerts(ctx.node, ctx.principal, { beforeSeq: args.after ? decodeCursor(args.after) : null, limit: size + 1 });
      return page(rows.map((a) => ({ ...a, firstSeen: a.createdAt })), size, (a) => a.seq);
    },
  },
  Mutation: {
    noop: () => true,
    createApiKey: (_: unknown, args: { role: 'TAX_AUTHORITY' | 'ADMIN'; label: string }, ctx: TaxNodeContext) => createNodeApiKey(ctx.node, ctx.principal, args),
  },
  Alert: {
    evidence: (a: { evidenceId: string | null }, _: unknown, ctx: TaxNodeContext) => {
      const e = a.evidenceId ? ctx.node.store.evidence(a.evidenceId) : null;
      return e ? { ...e, detail: JSON.stringify(e.detail) } : null;
    },
  },
  MirroredEntry: {
    day: (e: { day: string }) => e.day,
  },
};

export function createTaxNodeApollo(options: { logError: (error: unknown) => void; plugins?: ApolloServerPlugin<TaxNodeContext>[] }): ApolloServer<TaxNodeContext> {
  // anonymous introspection only on a node started with its development flag
  const shared = sharedApolloOptions<TaxNodeContext>({ logError: options.logError, anonymousIntrospection: (ctx) => ctx.node.config.graphqlIntrospection === true });
  return new ApolloServer<TaxNodeContext>({
    typeDefs: loadTypeDefs(path.join(SCHEMA_DIR, 'tax-node')),
    resolvers,
    ...shared,
    plugins: [...shared.plugins, ...(options.plugins ?? [])],
  });
}

