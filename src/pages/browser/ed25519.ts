// Ed25519 verification for the browser (RFC 8032 §5.1.7), in place of src/ledger/ed25519.ts's
// node:crypto one: the pages' bundler substitutes this module, so src/ledger's note and
// cosignature checks run unchanged in the 查验 page. zip215: false keeps RFC 8032's strict
// decoding, which is what node:crypto (OpenSSL) does; test/pages/ed25519-browser.test.ts
// cross-checks the two. Signing never happens in a browser.
import { ed25519 } from '@noble/curves/ed25519.js';

export interface Ed25519KeyPair {
  readonly privateKey: never;
  readonly publicKey: Uint8Array;
}

function noSigning(): never {
  throw new Error('signing is not available in the browser');
}

export const keyPairFromSeed = (_seed: Uint8Array): Ed25519KeyPair => noSigning();
export const generateSeed = (): Uint8Array => noSigning();
export const signEd25519 = (_key: unknown, _message: Uint8Array): Uint8Array => noSigning();

/** RFC 8032 §5.1.7 verification; false for any malformed key or signature (untrusted input). */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
