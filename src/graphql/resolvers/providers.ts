// Provider settings: thin resolvers over payments/provider-settings.ts, which authorizes
// (provider:read, provider:configure: MERCHANT its own, ADMIN any merchant's).
import {
  readProviderSettings, setAlipaySettings, setWechatPaySettings, type AlipaySettingsInput, type AlipaySettingsView, type WechatPaySettingsInput,
  type WechatPaySettingsView,
} from '../../payments/index.js';
import type { GraphQLContext } from '../context.js';

export const providerResolvers = {
  Query: {
    providerSettings: (_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) =>
      readProviderSettings(ctx.platform.providerSettingsDeps, ctx.principal, args.merchantId),
  },
  Mutation: {
    setWechatPaySettings: (_: unknown, args: { merchantId?: string | null; input: WechatPaySettingsInput }, ctx: GraphQLContext): WechatPaySettingsView =>
      setWechatPaySettings(ctx.platform.providerSettingsDeps, ctx.principal, args.merchantId, args.input),
    setAlipaySettings: (_: unknown, args: { merchantId?: string | null; input: AlipaySettingsInput }, ctx: GraphQLContext): AlipaySettingsView =>
      setAlipaySettings(ctx.platform.providerSettingsDeps, ctx.principal, args.merchantId, args.input),
  },
};
