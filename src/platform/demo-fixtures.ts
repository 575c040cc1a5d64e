// First start on an empty DATA_DIR: load the demo merchant and keys from fixtures/ so the
// service is usable at once. Everything loaded here is public demo material.
import { readFileSync } from 'node:fs';
import { hashApiKey, isRole, validateMerchantInput, type Role } from '../access/index.js';
import { isTaxRate } from '../domain/index.js';
import { setAlipaySettings, setWechatPaySettings } from '../payments/index.js';
import { demoProviderSettings } from '../providers/demo.js';
import type { Platform } from './platform.js';

interface DemoFile {
  merchants: Array<{
    id: string; name: string; taxpayerId: string; region: string; autoIssue: boolean; defaultTaxRate: string;
    defaultTaxCode: string; autoReverse?: boolean; webhookSecret: string; apiKey: string;
  }>;
  apiKeys?: Array<{ key: string; role: string; label: string }>;
}

/** Loads the demo fixtures when the database has no merchant yet; returns what was loaded. */
export function loadDemoFixtures(platform: Platform, file: string): { merchants: number; keys: number } {
  if (platform.merchants.count() > 0) return { merchants: 0, keys: 0 };
  const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoFile;
  const now = platform.clock.now().toISOString();
  let keys = 0;
  platform.uow.run(() => {
    for (const m of demo.merchants) {
      if (!isTaxRate(m.defaultTaxRate)) throw new Error(`${file}: bad defaultTaxRate for ${m.id}`);
      const input = { name: m.name, taxpayerId: m.taxpayerId, region: m.region, autoIssue: m.autoIssue, defaultTaxRate: m.defaultTaxRate, defaultTaxCode: m.defaultTaxCode, autoReverse: m.autoReverse ?? false };
      validateMerchantInput(input);
      platform.merchants.insert({ id: m.id, ...input, createdAt: now });
      platform.merchants.insertSecret({ id: platform.ids.next('whs'), merchantId: m.id, secret: m.webhookSecret, createdAt: now, expiresAt: null });
      platform.keys.insert({
        id: platform.ids.next('key'), keyHash: hashApiKey(m.apiKey), role: 'MERCHANT', merchantId: m.id, employerId: null, personId: null,
        label: `${m.name} (demo)`, createdAt: now, revokedAt: null,
      });
      keys += 1;
    }
    for (const k of demo.apiKeys ?? []) {
      if (!isRole(k.role) || k.role === 'MERCHANT' || k.role === 'EMPLOYEE' || k.role === 'FINANCE') {
        throw new Error(`${file}: demo key role ${k.role} is not loadable without a scope`);
      }
      platform.keys.insert({
        id: platform.ids.next('key'), keyHash: hashApiKey(k.key), role: k.role as Role, merchantId: null, employerId: null, personId: null,
        label: k.label, createdAt: now, revokedAt: null,
      });
      keys += 1;
    }
  });
  // the demo merchant's WeChat Pay and Alipay settings (PUBLIC DEMO keys, fixtures/providers), so
  // `send-payment --provider wechatpay|alipay` works on a fresh DATA_DIR
  const providers = demoProviderSettings();
  if (demo.merchants.some((m) => m.id === providers.merchantId)) {
    // loading fixtures is the operator's act, as an ADMIN would
    const operator = { role: 'ADMIN', keyId: 'demo-fixtures' } as const;
    const w = providers.wechatpay;
    setWechatPaySettings(platform.providerSettingsDeps, operator, providers.merchantId, { mchid: w.mchid, apiV3Key: w.apiV3Key, publicKeys: w.keys.map((k) => ({ id: k.id ?? null, pem: k.pem })) });
    const a = providers.alipay;
    setAlipaySettings(platform.providerSettingsDeps, operator, providers.merchantId, { appId: a.appId, sellerId: a.sellerId, publicKey: a.publicKeyPem });
  }
  return { merchants: demo.merchants.length, keys };
}
