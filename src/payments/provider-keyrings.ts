// Parsed provider keys per merchant, built once and cached: createPublicKey and the X.509 parse
// cost more than the RSA verify they serve. The cache is dropped for a merchant whenever its
// settings change (ProviderSettingsDeps.onChanged), so a rotation takes effect on the next
// notification.
import type { KeyObject } from 'node:crypto';
import { alipayPublicKeyFrom, createWechatPayKeyring, wechatPayApiV3Key, type WechatPayKeyring } from '../providers/index.js';
import type { ProviderSettingsStore } from './provider-settings.js';

export interface WechatPayCredentials {
  readonly mchid: string;
  readonly keys: WechatPayKeyring;
  readonly apiV3Key: KeyObject;
}

export interface AlipayCredentials {
  readonly appId: string;
  readonly sellerId: string;
  readonly publicKey: KeyObject;
}

const MAX_CACHED = 10_000;

export class ProviderKeyrings {
  private readonly wechat = new Map<string, WechatPayCredentials | null>();
  private readonly alipayCache = new Map<string, AlipayCredentials | null>();

  constructor(private readonly store: ProviderSettingsStore) {}

  /** The merchant's WeChat Pay credentials, or null when it has none (or does not exist). */
  wechatPay(merchantId: string): WechatPayCredentials | null {
    if (this.wechat.has(merchantId)) return this.wechat.get(merchantId) ?? null;
    const s = this.store.wechatPay(merchantId);
    const creds = s === null ? null : { mchid: s.mchid, keys: createWechatPayKeyring(s.publicKeys), apiV3Key: wechatPayApiV3Key(s.apiV3Key) };
    remember(this.wechat, merchantId, creds);
    return creds;
  }

  alipay(merchantId: string): AlipayCredentials | null {
    if (this.alipayCache.has(merchantId)) return this.alipayCache.get(merchantId) ?? null;
    const s = this.store.alipay(merchantId);
    const creds = s === null ? null : { appId: s.appId, sellerId: s.sellerId, publicKey: alipayPublicKeyFrom(s.publicKey) };
    remember(this.alipayCache, merchantId, creds);
    return creds;
  }

  invalidate(merchantId: string): void {
    this.wechat.delete(merchantId);
    this.alipayCache.delete(merchantId);
  }
}

// bounded: unknown merchant ids from the path are cached as null, and must not grow memory forever
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
