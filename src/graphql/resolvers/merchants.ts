import { readMerchant, registerMerchant, rotateWebhookSecret, updateMerchant, type Merchant, type MerchantSettingsPatch, type RegisterMerchantInput } from '../../access/index.js';
import type { TaxRate } from '../../domain/index.js';
import { listTaxCodes, removeTaxCode, upsertTaxCode } from '../../invoices/index.js';
import type { GraphQLContext } from '../context.js';

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
    taxCodes: (_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) => listTaxCodes(ctx.platform.invoiceDeps, ctx.principal, args.merchantId),
    merchant: (_: unknown, args: { id?: string | null }, ctx: GraphQLContext): Merchant | null => readMerchant(deps(ctx), ctx.principal, args.id),
  },
  Mutation: {
    upsertTaxCode: (_: unknown, args: { merchantId?: string | null; input: { code: string; goodsName: string; rate: TaxRate; preferential?: boolean | null } }, ctx: GraphQLContext) =>
      upsertTaxCode(ctx.platform.invoiceDeps, ctx.principal, { ...args.input, merchantId: args.merchantId }),
    removeTaxCode: (_: unknown, args: { merchantId?: string | null; code: string }, ctx: GraphQLContext) => removeTaxCode(ctx.platform.invoiceDeps, ctx.principal, args.code, args.merchantId),
    registerMerchant: (_: unknown, args: { input: RegisterMerchantInput }, ctx: GraphQLContext) => registerMerchant(deps(ctx), ctx.principal, args.input),
    updateMerchant: (_: unknown, args: { merchantId?: string | null; input: MerchantSettingsPatch }, ctx: GraphQLContext) =>
      updateMerchant(deps(ctx), ctx.principal, args.merchantId, args.input),
    rotateWebhookSecret(_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) {
      const rotation = rotateWebhookSecret(deps(ctx), ctx.principal, args.merchantId, ctx.platform.options.webhookSecretOverlapSeconds);
      return { webhookSecret: rotation.secret, previousValidUntil: rotation.previousValidUntil };
    },
  },
};
