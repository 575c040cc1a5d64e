// Receives one WeChat Pay APIv3 notification (微信支付 APIv3 回调通知): signature first (before
// any JSON is parsed), then the envelope, then the resource is decrypted and mapped. Untrusted
// input never throws: the result is a typed outcome with the answer the route sends — 200 with
// an empty body on success, else 4xx with {"code":"FAIL","message":"…"} so that WeChat Pay
// retries. Messages name what is wrong, never a key, a signature or the payload.
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../domain/index.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../payments/index.js';
import { PROVIDER_ID, instantFromRfc3339 } from '../_fields.js';
import { MAX_NOTIFICATION_BYTES, type ProviderAnswer, type Verified } from '../types.js';
import type { WechatPayKeyring } from './keys.js';
import { WECHATPAY_EVENT_TYPES, mapWechatPayResource, type WechatPayEventType } from './mapping.js';
import { decryptWechatPayResource, wechatPayApiV3Key } from './resource.js';
import { checkWechatPaySignature, type WechatPayHeaders } from './signature.js';

export type WechatPayRefusal =
  | 'TOO_LARGE' | 'MISSING_SIGNATURE' | 'BAD_SIGNATURE_TYPE' | 'STALE_TIMESTAMP' | 'UNKNOWN_SERIAL' | 'BAD_SIGNATURE'
  | 'MALFORMED' | 'UNSUPPORTED_EVENT' | 'DECRYPT_FAILED' | 'WRONG_MCHID';

const STATUS: Readonly<Record<WechatPayRefusal, number>> = {
  TOO_LARGE: 413, MISSING_SIGNATURE: 401, BAD_SIGNATURE_TYPE: 401, STALE_TIMESTAMP: 401, UNKNOWN_SERIAL: 401, BAD_SIGNATURE: 401,
  MALFORMED: 400, UNSUPPORTED_EVENT: 400, DECRYPT_FAILED: 400, WRONG_MCHID: 403,
};

/** 200, empty body: what WeChat Pay expects once the effect has committed. */
export const WECHATPAY_SUCCESS_ANSWER: ProviderAnswer = Object.freeze({ status: 200, contentType: 'text/plain', body: '' });

/** A failure answer ({"code":"FAIL","message":…}); also for the route's own failures, e.g. 500 when the write fails. */
export function wechatPayFailureAnswer(status: number, message: string): ProviderAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message }) };
}

export interface WechatPayNotificationOptions {
  readonly headers: WechatPayHeaders;
  readonly rawBody: Uint8Array;
  /** The merchant's active WeChat Pay public keys (createWechatPayKeyring). */
  readonly keys: WechatPayKeyring;
  /** The merchant's 32-byte APIv3 key (a KeyObject from wechatPayApiV3Key is faster). */
  readonly apiV3Key: string | KeyObject;
  /** The merchant's WeChat Pay merchant number; the resource's mchid must equal it. */
  readonly mchid: string;
  /** Our merchant id (from the route's path): the events are this merchant's. */
  readonly merchantId: string;
  readonly clock: Clock;
  /** Allowed clock difference, both directions (WEBHOOK_TOLERANCE_SECONDS); default 300. */
  readonly toleranceSeconds?: number;
  readonly maxBodyBytes?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function refuse(reason: WechatPayRefusal, message: string): Verified<WechatPayRefusal> {
  return { ok: false, reason, message, answer: wechatPayFailureAnswer(STATUS[reason], message) };
}

// one decoder for every call: constructing a TextDecoder costs ~10 µs (measured), a fatal
// decode without `stream` keeps no state between calls
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Verifies, decrypts and maps one notification. `apiV3Key` not being 32 bytes is a
 * configuration bug and throws RangeError; nothing else throws.
 */
export function verifyWechatPayNotification(options: WechatPayNotificationOptions): Verified<WechatPayRefusal> {
  const aesKey = wechatPayApiV3Key(options.apiV3Key);
  if (options.rawBody.length > (options.maxBodyBytes ?? MAX_NOTIFICATION_BYTES)) return refuse('TOO_LARGE', 'the notification body is too large');
  const bad = checkWechatPaySignature({
    headers: options.headers, rawBody: options.rawBody, keys: options.keys,
    nowSeconds: Math.floor(options.clock.now().getTime() / 1000), toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
  });
  if (bad) return refuse(bad.reason, bad.message);

  const body = parseJson(options.rawBody);
  if (!isObject(body)) return refuse('MALFORMED', 'the body is not a UTF-8 JSON object');
  const notificationId = body['id'];
  if (typeof notificationId !== 'string' || !PROVIDER_ID.test(notificationId)) return refuse('MALFORMED', 'id must be a notification id');
  const createTime = typeof body['create_time'] === 'string' ? instantFromRfc3339(body['create_time']) : null;
  if (createTime === null) return refuse('MALFORMED', 'create_time must be an RFC 3339 date-time');
  const eventType = body['event_type'];
  if (typeof eventType !== 'string') return refuse('MALFORMED', 'event_type must be a string');
  if (!(WECHATPAY_EVENT_TYPES as readonly string[]).includes(eventType)) return refuse('UNSUPPORTED_EVENT', 'event_type is not one this service handles');
  if (body['resource_type'] !== 'encrypt-resource') return refuse('MALFORMED', 'resource_type must be encrypt-resource');
  const resource = body['resource'];
  if (!isObject(resource)) return refuse('MALFORMED', 'resource must be an object');
  if (resource['algorithm'] !== 'AEAD_AES_256_GCM') return refuse('MALFORMED', 'resource.algorithm must be AEAD_AES_256_GCM');
  const { ciphertext, nonce } = resource;
  const associatedData = resource['associated_data'] ?? '';
  if (typeof ciphertext !== 'string' || typeof nonce !== 'string' || typeof associatedData !== 'string') {
    return refuse('MALFORMED', 'resource.ciphertext, nonce and associated_data must be strings');
  }
  if (Buffer.byteLength(nonce, 'utf8') !== 12) return refuse('MALFORMED', 'resource.nonce must be 12 bytes');

  const plaintext = decryptWechatPayResource(aesKey, { ciphertext, nonce, associatedData });
  if (plaintext === null) return refuse('DECRYPT_FAILED', 'resource does not decrypt with this merchant\'s APIv3 key');
  const decrypted = parseJson(plaintext);
  if (decrypted === undefined) return refuse('MALFORMED', 'the decrypted resource is not UTF-8 JSON');

  const mapped = mapWechatPayResource(eventType as WechatPayEventType, decrypted, {
    notificationId, created: Math.floor(Date.parse(createTime) / 1000), merchantId: options.merchantId, mchid: options.mchid,
  });
  if ('reason' in mapped) return refuse(mapped.reason, mapped.message);
  return { ok: true, event: mapped.event, answer: WECHATPAY_SUCCESS_ANSWER };
}
