import { registerMerchant, rotateWebhookSecret, type Merchant, type RegisterMerchantInput } from '../../access/index.js';
import type { GraphQLContext } from '../context.js';
import { apiError } from '../errors.js';
import { requireRole } from '../guards.js';

export const TAX_RATE_ENUM = {
  RATE_13: '13%', RATE_9: '9%', RATE_6: '6%', RATE_5: '5%', RATE_3: '3%', RATE_1: '1%', RATE_0: '0%',
  EXEMPT: 'EXEMPT', NOT_SUBJECT: 'NOT_SUBJECT', ZERO_RATED: 'ZERO_RATED',
} as const;

function deps(ctx: GraphQLContext) {
  const p = ctx.platform;
  return { merchants: p.merchants, keys: p.keys, ids: p.ids, clock: p.clock, uow: p.uow };
}

export const merchantResolvers = {
  TaxRate: TAX_RATE_ENUM,
  Query: {
    merchant(_: unknown, args: { id?: string | null }, ctx: GraphQLContext): Merchant | null {
      const principal = requireRole(ctx.principal, 'ADMIN', 'MERCHANT', 'TAX_AUTHORITY');
      const id = args.id ?? (principal.role === 'MERCHANT' ? principal.merchantId : null);
      if (id === null) throw apiError('BAD_USER_INPUT', 'give the merchant id', 'MERCHANT.INVALID');
      if (principal.role === 'MERCHANT' && id !== principal.merchantId) return null;
      return ctx.platform.merchants.get(id);
    },
  },
  Mutation: {
    registerMerchant(_: unknown, args: { input: RegisterMerchantInput }, ctx: GraphQLContext) {
      requireRole(ctx.principal, 'ADMIN');
      return registerMerchant(deps(ctx), args.input);
    },
    rotateWebhookSecret(_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) {
      const principal = requireRole(ctx.principal, 'ADMIN', 'MERCHANT');
      const merchantId = principal.role === 'MERCHANT' ? principal.merchantId : args.merchantId;
      if (!merchantId) throw apiError('BAD_USER_INPUT', 'give the merchant id', 'MERCHANT.INVALID');
      if (principal.role === 'MERCHANT' && args.merchantId && args.merchantId !== principal.merchantId) {
        throw apiError('NOT_FOUND', `no merchant ${args.merchantId}`, 'MERCHANT.NOT_FOUND');
      }
      const rotation = rotateWebhookSecret(deps(ctx), merchantId, ctx.platform.options.webhookSecretOverlapSeconds);
      return { webhookSecret: rotation.secret, previousValidUntil: rotation.previousValidUntil };
    },
  },
};
