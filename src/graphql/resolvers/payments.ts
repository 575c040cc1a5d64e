import { listPayments, readPayment, type Payment } from '../../payments/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const paymentResolvers = {
  Query: {
    payment: (_: unknown, args: { id: string }, ctx: GraphQLContext): Payment | null => readPayment(ctx.platform, ctx.principal, args.id),
    payments(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      return toConnection(listPayments(ctx.platform, ctx.principal, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
  },
  Payment: {
    providerPaymentId: (p: Payment) => p.paymentId,
    refunds: (p: Payment, _: unknown, ctx: GraphQLContext) => ctx.loaders.refunds.load(p.id),
    final: (p: Payment, _: unknown, ctx: GraphQLContext) => ctx.platform.ledger.isFinal(p.ledgerIndex),
  },
  Refund: {
    providerRefundId: (r: { refundId: string }) => r.refundId,
  },
};
