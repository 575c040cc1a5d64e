// Identifiers: a prefix naming the kind, then a time-ordered, random suffix. Injected as an
// IdGenerator so tests control them.
import { randomBytes } from 'node:crypto';

export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export const randomIds: IdGenerator = {
  next(prefix) {
    return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${base32(randomBytes(12))}`;
  },
};

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
