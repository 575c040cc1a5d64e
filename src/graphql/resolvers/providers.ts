// Provider settings: thin resolvers over payments/provider-settings.ts. MERCHANT acts on its own
// settings only, ADMIN on any merchant's.
import type { Principal } from '../../access/index.js';
import {
  alipayView, setAlipaySettings, setWechatPaySettings, wechatPayView, type AlipaySettingsInput, type AlipaySettingsView, type WechatPaySettingsInput,
  type WechatPaySettingsView,
} from '../../payments/index.js';
import type { GraphQLContext } from '../context.js';
import { apiError } from '../errors.js';
import { requireRole } from '../guards.js';

function targetMerchant(principal: Extract<Principal, { role: 'ADMIN' | 'MERCHANT' }>, given: string | null | undefined): string {
  if (principal.role === 'MERCHANT') {
    if (given && given !== principal.merchantId) throw apiError('NOT_FOUND', `no merchant ${given}`, 'MERCHANT.NOT_FOUND');
    return principal.merchantId;
  }
  if (!given) throw apiError('BAD_USER_INPUT', 'give the merchant id', 'MERCHANT.INVALID');
  return given;
}

export const providerResolvers = {
  Query: {
    providerSettings(_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) {
      const merchantId = targetMerchant(requireRole(ctx.principal, 'ADMIN', 'MERCHANT'), args.merchantId);
      if (!ctx.platform.merchants.get(merchantId)) return null;
      const wechat = ctx.platform.providerSettings.wechatPay(merchantId);
      const alipay = ctx.platform.providerSettings.alipay(merchantId);
      return { merchantId, wechatPay: wechat ? wechatPayView(wechat) : null, alipay: alipay ? alipayView(alipay) : null };
    },
  },
  Mutation: {
    setWechatPaySettings(_: unknown, args: { merchantId?: string | null; input: WechatPaySettingsInput }, ctx: GraphQLContext): WechatPaySettingsView {
      const merchantId = targetMerchant(requireRole(ctx.principal, 'ADMIN', 'MERCHANT'), args.merchantId);
      return setWechatPaySettings(ctx.platform.providerSettingsDeps, merchantId, args.input);
    },
    setAlipaySettings(_: unknown, args: { merchantId?: string | null; input: AlipaySettingsInput }, ctx: GraphQLContext): AlipaySettingsView {
      const merchantId = targetMerchant(requireRole(ctx.principal, 'ADMIN', 'MERCHANT'), args.merchantId);
      return setAlipaySettings(ctx.platform.providerSettingsDeps, merchantId, args.input);
    },
  },
};
