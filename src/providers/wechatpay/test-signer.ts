// Builds a notification exactly as WeChat Pay sends it: the resource encrypted with the APIv3
// key, the envelope serialised once, and the headers signed over those very bytes. For tests
// and the demo sender; the private key is never one WeChat Pay's.
import { randomBytes, type KeyObject } from 'node:crypto';
import type { WechatPayEventType } from './mapping.js';
import { encryptWechatPayResource, wechatPayApiV3Key } from './resource.js';
import { WECHATPAY_SIGNATURE_TYPE, signWechatPayMessage } from './signature.js';

export interface SignWechatPayOptions {
  readonly privateKey: KeyObject | string;
  /** The key's id: `PUB_KEY_ID_…` or a platform certificate serial. */
  readonly serial: string;
  readonly apiV3Key: string | KeyObject;
  readonly eventType: WechatPayEventType;
  /** The plaintext resource (a transaction or a refund), serialised as JSON. */
  readonly resource: Readonly<Record<string, unknown>>;
  /** Unix seconds for Wechatpay-Timestamp. */
  readonly timestamp: number;
  readonly id?: string;
  readonly nonce?: string;
  readonly resourceNonce?: string;
  readonly associatedData?: string;
  /** Omit the Wechatpay-Signature-Type header when null. */
  readonly signatureType?: string | null;
}

const alnum = (bytes: number): string => randomBytes(bytes).toString('hex').slice(0, bytes);

/** Returns the headers and the raw body a notification arrives with. */
export function signWechatPayNotification(options: SignWechatPayOptions): { headers: Record<string, string>; rawBody: Buffer } {
  const resourceNonce = options.resourceNonce ?? alnum(12);
  const associatedData = options.associatedData ?? (options.eventType.startsWith('REFUND') ? 'refund' : 'transaction');
  const envelope = {
    id: options.id ?? `EV-${alnum(20)}`,
    create_time: new Date(options.timestamp * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00',
    resource_type: 'encrypt-resource',
    event_type: options.eventType,
    summary: options.eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : '退款结果通知',
    resource: {
      original_type: options.eventType.startsWith('REFUND') ? 'refund' : 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptWechatPayResource(wechatPayApiV3Key(options.apiV3Key), Buffer.from(JSON.stringify(options.resource), 'utf8'), resourceNonce, associatedData),
      associated_data: associatedData,
      nonce: resourceNonce,
    },
  };
  const rawBody = Buffer.from(JSON.stringify(envelope), 'utf8');
  return { headers: signWechatPayHeaders({ privateKey: options.privateKey, serial: options.serial, timestamp: options.timestamp, rawBody, nonce: options.nonce, signatureType: options.signatureType }), rawBody };
}

/** Signs any body (tests re-sign bodies they changed, to reach the checks after the signature). */
export function signWechatPayHeaders(options: { privateKey: KeyObject | string; serial: string; timestamp: number; rawBody: Uint8Array; nonce?: string | undefined; signatureType?: string | null | undefined }): Record<string, string> {
  const nonce = options.nonce ?? alnum(32);
  const headers: Record<string, string> = {
    'wechatpay-timestamp': String(options.timestamp),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': options.serial,
    'wechatpay-signature': signWechatPayMessage(options.privateKey, String(options.timestamp), nonce, options.rawBody),
  };
  const type = options.signatureType === undefined ? WECHATPAY_SIGNATURE_TYPE : options.signatureType;
  if (type !== null) headers['wechatpay-signature-type'] = type;
  return headers;
}
