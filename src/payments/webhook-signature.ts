// Webhook signatures, as Stripe does them and then some: HMAC-SHA256 with the merchant's
// secret over `<t>.<raw body>`; header `Chain-Invoice-Signature: t=<unix>,v1=<hex>[,v1=<hex>]`;
// any active secret may match any v1 (rotation); constant-time compare; the timestamp is
// checked in both directions. Errors never carry the secret or the payload.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/index.js';

export const SIGNATURE_HEADER = 'Chain-Invoice-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;
const MAX_SIGNATURES = 8;

export interface ParsedSignatureHeader {
  readonly timestamp: number;
  readonly signatures: readonly Buffer[];
}

function refuse(reason: string, message: string): DomainError {
  return new DomainError('WEBHOOK.SIGNATURE', message, { reason });
}

/** Parses `t=…,v1=…[,v1=…]`; unknown schemes (v0, v2) are ignored as Stripe does. */
export function parseSignatureHeader(header: string | undefined): ParsedSignatureHeader {
  if (!header) throw refuse('MISSING', `missing ${SIGNATURE_HEADER} header`);
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/u.test(value) || timestamp !== null) throw refuse('MALFORMED', 'signature header has a bad timestamp');
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/u.test(value)) throw refuse('MALFORMED', 'a v1 signature must be 64 lowercase hex digits');
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null) throw refuse('MALFORMED', 'signature header has no timestamp');
  if (signatures.length === 0) throw refuse('MALFORMED', 'signature header has no v1 signature');
  if (signatures.length > MAX_SIGNATURES) throw refuse('MALFORMED', 'too many signatures');
  return { timestamp, signatures };
}

export function computeSignature(secret: string, timestamp: number, rawBody: Uint8Array | string): Buffer {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest();
}

/** The header a provider would send (also the public test signer, like Stripe's generateTestHeaderString). */
export function signWebhook(options: { secret: string; rawBody: Uint8Array | string; timestamp: number }): string {
  return `t=${options.timestamp},v1=${computeSignature(options.secret, options.timestamp, options.rawBody).toString('hex')}`;
}

/**
 * Throws DomainError `WEBHOOK.SIGNATURE` (details.reason MISSING / MALFORMED / STALE / MISMATCH)
 * unless one v1 signature matches one secret and |now − t| ≤ tolerance.
 */
export function verifyWebhookSignature(options: {
  header: string | undefined;
  rawBody: Uint8Array;
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}): void {
  const parsed = parseSignatureHeader(options.header);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.nowSeconds - parsed.timestamp) > tolerance) {
    throw refuse('STALE', `signature timestamp is more than ${tolerance} s from now`);
  }
  let matched = false;
  for (const secret of options.secrets) {
    const expected = computeSignature(secret, parsed.timestamp, options.rawBody);
    // every comparison runs, so timing does not reveal which secret or signature matched
    for (const signature of parsed.signatures) matched = timingSafeEqual(expected, signature) || matched;
  }
  if (!matched) throw refuse('MISMATCH', 'no signature matches an active secret of this merchant');
}
