// ADMIN_BOOTSTRAP_KEY is an ADMIN key that lives in the environment, so it is only as strong as
// whoever typed it. It is refused unless it is long and looks random: at least 32 characters
// and an estimated 128 bits, where the estimate gives nothing for the obvious parts of a key
// (runs like "aaaa" or "0123", a repeated unit, well-known words such as "admin").
// The 128-bit floor is what `openssl rand -base64 24` (32 characters) comfortably clears.

export const BOOTSTRAP_KEY_MIN_LENGTH = 32;
export const BOOTSTRAP_KEY_MIN_BITS = 128;

// words people put in keys they make up; removed before estimating
const OBVIOUS_WORDS = [
  'password', 'passwd', 'bootstrap', 'changeme', 'letmein', 'qwerty', 'secret', 'default', 'example', 'invoice',
  'admin', 'chain', 'bench', 'token', 'test', 'demo', 'root', 'key',
];
const OBVIOUS = new RegExp(OBVIOUS_WORDS.join('|'), 'giu');

/** How many symbols a character's class offers an attacker who knows which classes a key uses. */
function classPool(key: string): number {
  let pool = 0;
  if (/[a-z]/u.test(key)) pool += 26;
  if (/[A-Z]/u.test(key)) pool += 26;
  if (/[0-9]/u.test(key)) pool += 10;
  if (/[^a-zA-Z0-9]/u.test(key)) pool += 33;
  return pool;
}

/**
 * Estimated entropy in bits: (characters that are not part of an obvious pattern) × log2 of
 * the character-class pool. A character counts only when it differs from the one before it by
 * more than one code point, so repeats and ascending or descending runs count once.
 */
export function estimateKeyBits(key: string): number {
  if (/^(.{1,16}?)\1+$/su.test(key)) return 0; // one short unit repeated
  const kept = key.replace(OBVIOUS, '\u0000');
  let counted = 0;
  let previous = -10;
  for (const ch of kept) {
    const code = ch.codePointAt(0) as number;
    if (ch !== '\u0000' && Math.abs(code - previous) > 1) counted += 1;
    previous = ch === '\u0000' ? -10 : code;
  }
  return counted * Math.log2(Math.max(2, classPool(key)));
}

/** Why `key` is too weak to be an ADMIN key, or null when it is acceptable. Never echoes the key. */
export function bootstrapKeyWeakness(key: string): string | null {
  if (key.length < BOOTSTRAP_KEY_MIN_LENGTH) return `must be at least ${BOOTSTRAP_KEY_MIN_LENGTH} characters (got ${key.length})`;
  if (/\s/u.test(key)) return 'must not contain white space';
  const bits = estimateKeyBits(key);
  if (bits < BOOTSTRAP_KEY_MIN_BITS) {
    return `looks guessable (about ${Math.floor(bits)} bits estimated, ${BOOTSTRAP_KEY_MIN_BITS} needed: avoid words, repeats and runs); generate one with \`openssl rand -base64 32\``;
  }
  return null;
}
