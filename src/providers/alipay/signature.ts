// Alipay RSA2 (SHA256withRSA, RSASSA-PKCS1-v1_5) for asynchronous notifications, per 支付宝
// 异步通知 自行验签: leave out `sign` and `sign_type` and parameters whose value is empty (as
// Alipay's SDKs do), sort the rest by key (UTF-16 code unit order, Java's String.compareTo), join
// the URL-decoded values as k=v&…, and verify the base64 `sign` over its UTF-8 bytes.
import { createPublicKey, createSign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64 } from '../_fields.js';

/** The string Alipay signs for a set of decoded parameters. */
export function alipaySignContent(params: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string {
  const entries = params instanceof Map ? [...params.entries()] : Object.entries(params);
  return entries
    .filter(([k, v]) => k !== 'sign' && k !== 'sign_type' && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** base64 RSA2 over the content, as Alipay signs (test signer, demo sender). */
export function signAlipayContent(privateKey: KeyObject | string, content: string): string {
  return createSign('sha256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** True when `sign` is a valid RSA2 signature of the content; false for any malformed signature. */
export function verifyAlipayContent(publicKey: KeyObject, content: string, sign: string): boolean {
  const bytes = decodeBase64(sign);
  if (bytes === null || bytes.length !== (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8) return false;
  return verify('sha256', Buffer.from(content, 'utf8'), publicKey, bytes);
}

/**
 * The merchant's Alipay public key, from a PEM or the bare base64 SPKI that Alipay's console
 * shows. Throws TypeError / RangeError unless it is RSA of at least 2048 bits (settings are
 * validated when saved, so reaching this is a bug).
 */
export function alipayPublicKeyFrom(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey({ key: text, format: 'pem' })
    : createPublicKey({ key: Buffer.from(text.replace(/\s+/gu, ''), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new RangeError('the Alipay public key must be an RSA key of at least 2048 bits');
  }
  return key;
}
