// WeChat Pay APIv3 signature verification (微信支付 APIv3 签名验证): `Wechatpay-Signature` is
// base64 SHA256withRSA (RSASSA-PKCS1-v1_5) over "{Wechatpay-Timestamp}\n{Wechatpay-Nonce}\n{raw
// body}\n", made with the key named by `Wechatpay-Serial`. Everything here runs before the body
// is parsed, and costs linear work in the body at most.
import { createSign, createVerify, type KeyObject } from 'node:crypto';
import type { WechatPayKeyring } from './keys.js';
import { decodeBase64 } from '../_fields.js';

export const WECHATPAY_SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

export type WechatPayHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type SignatureRefusal = 'MISSING_SIGNATURE' | 'MALFORMED' | 'BAD_SIGNATURE_TYPE' | 'STALE_TIMESTAMP' | 'UNKNOWN_SERIAL' | 'BAD_SIGNATURE';

/** A header by case-insensitive name; a repeated header is `null` (refused as malformed). */
function header(headers: WechatPayHeaders, name: string): string | undefined | null {
  let found: string | undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    if (typeof value !== 'string' || found !== undefined) return null;
    found = value;
  }
  return found;
}

/** The message WeChat Pay signs. */
export function wechatPayMessage(timestamp: string, nonce: string, rawBody: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), rawBody, Buffer.from('\n', 'utf8')]);
}

/** Signs like WeChat Pay (test signer, demo sender): base64 SHA256withRSA over the message. */
export function signWechatPayMessage(privateKey: KeyObject | string, timestamp: string, nonce: string, rawBody: Uint8Array): string {
  return createSign('sha256').update(wechatPayMessage(timestamp, nonce, rawBody)).sign(privateKey, 'base64');
}

/**
 * Checks the four signature headers, the signature type, the timestamp (±tolerance, both
 * directions), the serial and the signature, in that order. Returns null when the body is
 * WeChat Pay's, else the reason.
 */
export function checkWechatPaySignature(options: {
  headers: WechatPayHeaders;
  rawBody: Uint8Array;
  keys: WechatPayKeyring;
  nowSeconds: number;
  toleranceSeconds: number;
}): { reason: SignatureRefusal; message: string } | null {
  const { headers } = options;
  const signature = header(headers, 'wechatpay-signature');
  const timestamp = header(headers, 'wechatpay-timestamp');
  const nonce = header(headers, 'wechatpay-nonce');
  const serial = header(headers, 'wechatpay-serial');
  const type = header(headers, 'wechatpay-signature-type');
  if (signature === undefined || timestamp === undefined || nonce === undefined || serial === undefined) {
    return { reason: 'MISSING_SIGNATURE', message: 'missing a Wechatpay-Signature, -Timestamp, -Nonce or -Serial header' };
  }
  if (signature === null || timestamp === null || nonce === null || serial === null || type === null) {
    return { reason: 'MALFORMED', message: 'a Wechatpay-* header appears more than once' };
  }
  if (type !== undefined && type !== WECHATPAY_SIGNATURE_TYPE) {
    return { reason: 'BAD_SIGNATURE_TYPE', message: `Wechatpay-Signature-Type must be ${WECHATPAY_SIGNATURE_TYPE}` };
  }
  if (!/^\d{1,12}$/u.test(timestamp)) return { reason: 'MALFORMED', message: 'Wechatpay-Timestamp must be unix seconds' };
  if (!/^[\x21-\x7e]{1,64}$/u.test(nonce)) return { reason: 'MALFORMED', message: 'Wechatpay-Nonce must be 1–64 printable ASCII characters' };
  if (Math.abs(options.nowSeconds - Number(timestamp)) > options.toleranceSeconds) {
    return { reason: 'STALE_TIMESTAMP', message: `Wechatpay-Timestamp is more than ${options.toleranceSeconds} s from now` };
  }
  const key = /^[A-Za-z0-9_]{1,64}$/u.test(serial) ? options.keys.get(serial) : undefined;
  if (key === undefined) return { reason: 'UNKNOWN_SERIAL', message: 'Wechatpay-Serial names no WeChat Pay key of this merchant' };
  const bytes = decodeBase64(signature);
  const modulusBytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  if (bytes === null || bytes.length !== modulusBytes) return { reason: 'BAD_SIGNATURE', message: 'Wechatpay-Signature does not verify' };
  // streamed into the hash: no copy of the body into one message buffer
  const valid = createVerify('sha256').update(`${timestamp}\n${nonce}\n`, 'utf8').update(options.rawBody).update('\n', 'utf8').verify(key, bytes);
  return valid ? null : { reason: 'BAD_SIGNATURE', message: 'Wechatpay-Signature does not verify' };
}
