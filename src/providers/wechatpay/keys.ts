// WeChat Pay's public keys, found by `Wechatpay-Serial`: either a platform certificate's serial
// number (the older scheme, keys delivered as X.509 certificates) or a WeChat Pay public key id
// `PUB_KEY_ID_…` (the newer scheme, a PEM public key). Several are active at once during a
// rotation, so the keyring maps each id to its key. Keys are parsed once, when the merchant's
// settings are loaded: createPublicKey per request would cost more than the RSA verify.
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';

export interface WechatPayPublicKey {
  /** `PUB_KEY_ID_…` or a certificate serial; for a certificate it defaults to its serial number. */
  readonly id?: string;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI) or `-----BEGIN CERTIFICATE-----`. */
  readonly pem: string;
}

export type WechatPayKeyring = ReadonlyMap<string, KeyObject>;

const SERIAL = /^[A-Za-z0-9_]{1,64}$/u;

/**
 * Parses a merchant's WeChat Pay public keys. Throws TypeError / RangeError for a key that is
 * not an RSA key of at least 2048 bits, an id that is missing or malformed, or a duplicate id:
 * settings are validated when they are saved, so reaching this is a bug.
 */
export function createWechatPayKeyring(keys: readonly WechatPayPublicKey[]): WechatPayKeyring {
  const ring = new Map<string, KeyObject>();
  for (const [i, entry] of keys.entries()) {
    if (typeof entry.pem !== 'string') throw new TypeError(`keys[${i}].pem must be a PEM string`);
    let key: KeyObject;
    let id = entry.id;
    if (entry.pem.includes('-----BEGIN CERTIFICATE-----')) {
      const certificate = new X509Certificate(entry.pem);
      key = certificate.publicKey;
      id ??= certificate.serialNumber.toUpperCase();
    } else {
      key = createPublicKey({ key: entry.pem, format: 'pem' });
    }
    if (id === undefined || !SERIAL.test(id)) throw new RangeError(`keys[${i}].id must be a PUB_KEY_ID_… or a certificate serial`);
    if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      throw new RangeError(`keys[${i}] (${id}) must be an RSA key of at least 2048 bits`);
    }
    if (ring.has(id)) throw new RangeError(`keys[${i}]: the id ${id} appears twice`);
    ring.set(id, key);
  }
  return ring;
}
