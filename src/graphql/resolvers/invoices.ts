import {
  applyForInvoice, confirmReversal, listPendingReversals, pendingReversalOf, invoiceForApplyToken, issueInvoice, listInvoices, readInvoice, readInvoiceByNumber, reverseInvoice,
  type ApplyInput, type Invoice, type InvoiceStatus, type ReversalReason,
} from '../../invoices/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { documentPaths } from '../../http/documents/platform-routes.js';

interface InvoiceFilterArgs {
  status?: InvoiceStatus | null;
  issueDateFrom?: string | null;
  issueDateTo?: string | null;
  buyerTaxpayerId?: string | null;
}

export const invoiceResolvers = {
  Query: {
    invoice: (_: unknown, args: { id: string }, ctx: GraphQLContext) => readInvoice(ctx.platform, ctx.principal, args.id),
    invoiceByNumber: (_: unknown, args: { number: string }, ctx: GraphQLContext) => readInvoiceByNumber(ctx.platform, ctx.principal, args.number),
    // the payer's page: no key needed, the token is the credential (and reads only its payment's invoice)
    invoiceByApplyToken: (_: unknown, args: { token: string }, ctx: GraphQLContext) => invoiceForApplyToken(ctx.platform.invoiceDeps, ctx.principal, args.token),
    invoices(_: unknown, args: { filter?: InvoiceFilterArgs | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      const f = args.filter ?? {};
      const filter = { status: f.status ?? undefined, issueDateFrom: f.issueDateFrom ?? undefined, issueDateTo: f.issueDateTo ?? undefined, buyerTaxpayerId: f.buyerTaxpayerId ?? undefined };
      return toConnection(listInvoices(ctx.platform, ctx.principal, filter, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
    pendingReversals: (_: unknown, args: { first?: number | null }, ctx: GraphQLContext) => listPendingReversals(ctx.platform.invoiceDeps, ctx.principal, pageSize(args.first)),
  },
  Mutation: {
    applyForInvoice: (_: unknown, args: { input: ApplyInput }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => applyForInvoice(ctx.platform.invoiceDeps, ctx.principal, args.input)),
    issueInvoice: (_: unknown, args: { applicationId: string }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => issueInvoice(ctx.platform.invoiceDeps, ctx.principal, args.applicationId)),
    reverseInvoice: (_: unknown, args: { invoiceId: string; reason: ReversalReason }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => reverseInvoice(ctx.platform.invoiceDeps, ctx.principal, args.invoiceId, args.reason)),
    confirmReversal: (_: unknown, args: { invoiceId: string }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => confirmReversal(ctx.platform.invoiceDeps, ctx.principal, args.invoiceId)),
  },
  Invoice: {
    applicationId: (i: Invoice) => i.id,
    paymentId: (i: Invoice) => i.payment,
    seller: (i: Invoice) => (i.sellerName === null ? null : { name: i.sellerName, taxpayerId: i.sellerTaxpayerId }),
    lines: (i: Invoice, _: unknown, ctx: GraphQLContext) => ctx.loaders.invoiceLines.load(i.id),
    ledgerIndex: (i: Invoice) => i.issuedIndex ?? i.appliedIndex,
    final: (i: Invoice, _: unknown, ctx: GraphQLContext) => ctx.platform.ledger.isFinal(i.issuedIndex ?? i.appliedIndex),
    reverses: (i: Invoice, _: unknown, ctx: GraphQLContext) => (i.reverses ? ctx.platform.invoices.get(i.reverses) : null),
    reversedBy: (i: Invoice, _: unknown, ctx: GraphQLContext) => (i.reversedBy ? ctx.platform.invoices.get(i.reversedBy) : null),
    reimbursementStatus: (i: Invoice) => i.reimbursement,
    documents: (i: Invoice, _: unknown, ctx: GraphQLContext) => {
      if (i.issuedIndex === null) return null;
      const paths = documentPaths(i.id);
      const base = ctx.platform.options.publicUrl;
      return { pdfUrl: base + paths.pdfUrl, xmlUrl: base + paths.xmlUrl, proofUrl: base + paths.proofUrl };
    },
    pendingReversal: (i: Invoice, _: unknown, ctx: GraphQLContext) => pendingReversalOf(ctx.platform.invoiceDeps, i),
  },
};
