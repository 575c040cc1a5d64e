import type { Payment } from '../../payments/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { merchantScope, requireRole } from '../guards.js';

export const paymentResolvers = {
  Query: {
    payment(_: unknown, args: { id: string }, ctx: GraphQLContext): Payment | null {
      const scope = merchantScope(requireRole(ctx.principal, 'MERCHANT', 'TAX_AUTHORITY'));
      const payment = ctx.platform.payments.get(args.id);
      return payment && (scope === null || payment.merchantId === scope) ? payment : null;
    },
    payments(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const scope = merchantScope(requireRole(ctx.principal, 'MERCHANT', 'TAX_AUTHORITY'));
      const size = pageSize(args.first);
      return toConnection(ctx.platform.payments.page({ merchantId: scope, afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
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
