// Each merchant's payment-provider settings (issue 14): WeChat Pay (mchid, APIv3 key, the
// WeChat Pay public keys or platform certificates with their ids — several active at once, for
// rotation) and Alipay (app_id, seller id, the Alipay public key). Validated when saved, so the
// keyrings built from them (provider-keyrings.ts) never fail. The APIv3 key is a secret: it is
// stored, never returned (views say apiV3KeySet), never logged and never put into an error.
import { authorize, type Principal } from '../access/index.js';
import { createHash, type KeyObject } from 'node:crypto';
import { DomainError, type Clock } from '../domain/index.js';
import { alipayPublicKeyFrom, createWechatPayKeyring } from '../providers/index.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';

export interface WechatPayKeyRecord {
  readonly id: string;
  readonly pem: string;
  /** SHA-256 of the key's SPKI DER, hex: lets an operator match a key without seeing it. */
  readonly fingerprint: string;
}

export interface WechatPaySettings {
  readonly merchantId: string;
  readonly mchid: string;
  readonly apiV3Key: string;
  readonly publicKeys: readonly WechatPayKeyRecord[];
  readonly updatedAt: string;
}

export interface AlipaySettings {
  readonly merchantId: string;
  readonly appId: string;
  readonly sellerId: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly updatedAt: string;
}

export interface ProviderSettingsStore {
  wechatPay(merchantId: string): WechatPaySettings | null;
  /** Replaces the merchant's WeChat Pay settings and its whole set of public keys. */
  putWechatPay(settings: WechatPaySettings): void;
  /** The merchant whose WeChat Pay mchid this is, if any (an mchid belongs to one merchant). */
  merchantOfMchid(mchid: string): string | null;
  alipay(merchantId: string): AlipaySettings | null;
  putAlipay(settings: AlipaySettings): void;
  merchantOfAlipayAppId(appId: string): string | null;
}

/** What a query shows of WeChat Pay settings: no APIv3 key, no PEMs. */
export interface WechatPaySettingsView {
  readonly mchid: string;
  readonly apiV3KeySet: boolean;
  readonly publicKeys: ReadonlyArray<{ readonly id: string; readonly fingerprint: string }>;
  readonly updatedAt: string;
}

export interface AlipaySettingsView {
  readonly appId: string;
  readonly sellerId: string;
  readonly publicKeyFingerprint: string;
  readonly updatedAt: string;
}

export interface ProviderSettingsDeps {
  readonly providerSettings: ProviderSettingsStore;
  readonly merchants: { get(id: string): unknown };
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  /** Called after a change commits (drops the merchant's cached keyrings). */
  readonly onChanged?: (merchantId: string) => void;
}

function invalid(message: string, field: string): DomainError {
  return new DomainError('PROVIDER.INVALID_SETTINGS', message, { field });
}

const MCHID = /^\d{8,32}$/u;
// APIv3 keys are 32 characters set by the merchant in the WeChat Pay console (letters and digits)
const API_V3_KEY = /^[A-Za-z0-9]{32}$/u;
const ALIPAY_APP_ID = /^\d{16}$/u;
const ALIPAY_SELLER_ID = /^2088\d{12}$/u;
const MAX_KEYS = 8;
const MAX_PEM_CHARS = 8192;

export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

function notFound(merchantId: string): DomainError {
  return new DomainError('MERCHANT.NOT_FOUND', `no merchant ${merchantId}`, { merchantId });
}

export interface WechatPaySettingsInput {
  readonly mchid: string;
  /** Required the first time; omitted, the stored key is kept (rotating the keys only). */
  readonly apiV3Key?: string | null;
  readonly publicKeys: ReadonlyArray<{ readonly id?: string | null; readonly pem: string }>;
}

/**
 * The merchant a caller acts on: a MERCHANT its own (naming another is MERCHANT.NOT_FOUND, as
 * for a missing one), an ADMIN the one it names. Throws ACCESS.* for every other caller.
 */
function authorizedMerchant(principal: Principal | null, action: 'provider:read' | 'provider:configure', requestedId: string | null | undefined): string {
  const grant = authorize(principal, action);
  const merchantId = requestedId || grant.merchantId;
  if (!merchantId) throw invalid('give the merchant id', 'merchantId');
  authorize(principal, action, { type: 'merchant', id: merchantId, merchantId });
  return merchantId;
}

/** What a caller may see of a merchant's provider settings: ids and fingerprints, never a secret; null for no such merchant. */
export function readProviderSettings(
  deps: Pick<ProviderSettingsDeps, 'providerSettings' | 'merchants'>,
  principal: Principal | null,
  requestedId: string | null | undefined,
): { merchantId: string; wechatPay: WechatPaySettingsView | null; alipay: AlipaySettingsView | null } | null {
  const merchantId = authorizedMerchant(principal, 'provider:read', requestedId);
  if (!deps.merchants.get(merchantId)) return null;
  const wechat = deps.providerSettings.wechatPay(merchantId);
  const alipay = deps.providerSettings.alipay(merchantId);
  return { merchantId, wechatPay: wechat ? wechatPayView(wechat) : null, alipay: alipay ? alipayView(alipay) : null };
}

/**
 * Sets (or rotates) a merchant's WeChat Pay settings. Throws PROVIDER.INVALID_SETTINGS with
 * details.field (never echoing the APIv3 key), PROVIDER.DUPLICATE_MCHID, MERCHANT.NOT_FOUND.
 */
export function setWechatPaySettings(deps: ProviderSettingsDeps, principal: Principal | null, requestedId: string | null | undefined, input: WechatPaySettingsInput): WechatPaySettingsView {
  const merchantId = authorizedMerchant(principal, 'provider:configure', requestedId);
  if (!MCHID.test(input.mchid)) throw invalid('mchid must be WeChat Pay\'s merchant number (8–32 digits)', 'input.mchid');
  if (input.apiV3Key !== undefined && input.apiV3Key !== null && !API_V3_KEY.test(input.apiV3Key)) throw invalid('apiV3Key must be 32 letters or digits', 'input.apiV3Key');
  if (input.publicKeys.length === 0 || input.publicKeys.length > MAX_KEYS) throw invalid(`publicKeys must hold 1–${MAX_KEYS} keys`, 'input.publicKeys');
  const publicKeys: WechatPayKeyRecord[] = input.publicKeys.map((k, i) => {
    const field = `input.publicKeys[${i}]`;
    if (typeof k.pem !== 'string' || k.pem.length > MAX_PEM_CHARS) throw invalid('pem must be a PEM public key or certificate', `${field}.pem`);
    let ring;
    try {
      ring = createWechatPayKeyring([{ pem: k.pem, ...(typeof k.id === 'string' ? { id: k.id } : {}) }]);
    } catch {
      throw invalid('must be an RSA public key (≥ 2048 bits) with a PUB_KEY_ID_… id, or a platform certificate', field);
    }
    const [[id, key]] = [...ring.entries()] as [[string, KeyObject]];
    return { id, pem: k.pem, fingerprint: keyFingerprint(key) };
  });
  const ids = new Set(publicKeys.map((k) => k.id));
  if (ids.size !== publicKeys.length) throw invalid('two public keys have the same id', 'input.publicKeys');
  const saved = deps.uow.run(() => {
    if (!deps.merchants.get(merchantId)) throw notFound(merchantId);
    const owner = deps.providerSettings.merchantOfMchid(input.mchid);
    if (owner !== null && owner !== merchantId) throw new DomainError('PROVIDER.DUPLICATE_MCHID', 'this mchid is another merchant\'s', { field: 'input.mchid' });
    const current = deps.providerSettings.wechatPay(merchantId);
    const apiV3Key = input.apiV3Key ?? current?.apiV3Key;
    if (apiV3Key === undefined) throw invalid('apiV3Key is required the first time', 'input.apiV3Key');
    const settings: WechatPaySettings = { merchantId, mchid: input.mchid, apiV3Key, publicKeys, updatedAt: deps.clock.now().toISOString() };
    deps.providerSettings.putWechatPay(settings);
    return settings;
  });
  deps.onChanged?.(merchantId);
  return wechatPayView(saved);
}

export interface AlipaySettingsInput {
  readonly appId: string;
  readonly sellerId: string;
  /** PEM or the bare base64 SPKI shown in Alipay's console. */
  readonly publicKey: string;
}

/** Sets (or rotates) a merchant's Alipay settings. Throws PROVIDER.INVALID_SETTINGS, PROVIDER.DUPLICATE_APP_ID, MERCHANT.NOT_FOUND. */
export function setAlipaySettings(deps: ProviderSettingsDeps, principal: Principal | null, requestedId: string | null | undefined, input: AlipaySettingsInput): AlipaySettingsView {
  const merchantId = authorizedMerchant(principal, 'provider:configure', requestedId);
  if (!ALIPAY_APP_ID.test(input.appId)) throw invalid('appId must be Alipay\'s 16-digit app id', 'input.appId');
  if (!ALIPAY_SELLER_ID.test(input.sellerId)) throw invalid('sellerId must be Alipay\'s 16-digit partner id (2088…)', 'input.sellerId');
  if (typeof input.publicKey !== 'string' || input.publicKey.length > MAX_PEM_CHARS) throw invalid('publicKey must be an RSA public key', 'input.publicKey');
  let key: KeyObject;
  try {
    key = alipayPublicKeyFrom(input.publicKey);
  } catch {
    throw invalid('publicKey must be an RSA public key of at least 2048 bits (PEM or base64)', 'input.publicKey');
  }
  const saved = deps.uow.run(() => {
    if (!deps.merchants.get(merchantId)) throw notFound(merchantId);
    const owner = deps.providerSettings.merchantOfAlipayAppId(input.appId);
    if (owner !== null && owner !== merchantId) throw new DomainError('PROVIDER.DUPLICATE_APP_ID', 'this app_id is another merchant\'s', { field: 'input.appId' });
    const settings: AlipaySettings = {
      merchantId, appId: input.appId, sellerId: input.sellerId, publicKey: input.publicKey, fingerprint: keyFingerprint(key), updatedAt: deps.clock.now().toISOString(),
    };
    deps.providerSettings.putAlipay(settings);
    return settings;
  });
  deps.onChanged?.(merchantId);
  return alipayView(saved);
}

export function wechatPayView(s: WechatPaySettings): WechatPaySettingsView {
  return { mchid: s.mchid, apiV3KeySet: s.apiV3Key.length > 0, publicKeys: s.publicKeys.map((k) => ({ id: k.id, fingerprint: k.fingerprint })), updatedAt: s.updatedAt };
}

export function alipayView(s: AlipaySettings): AlipaySettingsView {
  return { appId: s.appId, sellerId: s.sellerId, publicKeyFingerprint: s.fingerprint, updatedAt: s.updatedAt };
}
