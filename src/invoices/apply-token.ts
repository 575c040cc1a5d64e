// The payer's apply token: `<payment id>.<expiry>.<mac>`, where expiry is Unix seconds in
// decimal and mac = base64url(HMAC-SHA256(secret, "apply-token/v2\n" ‖ payment id ‖ "\n" ‖
// expiry)), 43 characters, no padding. Derived rather than stored, so no secret sits in a
// table; the webhook's idempotent replay returns the stored answer, so the same token.
//
// What a token allows is decided elsewhere, by state: it applies once (a payment that ever had
// a blue application refuses it), then it only reads its payment's invoice; it is worthless
// after its expiry (APPLY_TOKEN_TTL_DAYS). Re-invoicing a reversed payment is the merchant's
// act (applyForInvoice by payment id with its key), never the token holder's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../domain/index.js';

/** What the id generator makes for payments: `pay_`, 9 base-36 time digits, 12 base-32 random. */
export const PAYMENT_ID_PATTERN = /^pay_[0-9a-z]{9}[0-9a-hjkmnp-tv-z]{12}$/u;
/** 30 days: long enough for a payer to get round to it, short enough that old receipts die. */
export const DEFAULT_APPLY_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

const MAC_CHARS = 43; // 32 bytes in base64url without padding
// the whole token, strictly: no padding, no trailing characters, no leading zeros, no sign
const TOKEN = /^([a-z0-9_]{1,64})\.([1-9][0-9]{0,10})\.([A-Za-z0-9_-]{43})$/u;

export interface ApplyTokenOptions {
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

export class ApplyTokens {
  private readonly ttlSeconds: number;
  private readonly clock: Clock;

  constructor(private readonly secret: Uint8Array, options: ApplyTokenOptions = {}) {
    if (secret.length < 32) throw new RangeError('apply token secret must be at least 32 bytes');
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_APPLY_TOKEN_TTL_SECONDS;
    if (!Number.isSafeInteger(this.ttlSeconds) || this.ttlSeconds < 1) throw new RangeError(`ttlSeconds must be a positive integer, got ${this.ttlSeconds}`);
    this.clock = options.clock ?? systemClock;
  }

  private mac(paymentId: string, expiry: string): Buffer {
    return createHmac('sha256', this.secret).update(`apply-token/v2\n${paymentId}\n${expiry}`).digest();
  }

  /**
   * A token for `paymentId` that expires ttlSeconds after `issuedAt` (default now): the same
   * instant gives the same token, so a webhook replay can answer with the token it first gave.
   */
  issue(paymentId: string, issuedAt: Date = this.clock.now()): string {
    if (!PAYMENT_ID_PATTERN.test(paymentId)) throw new RangeError(`not a payment id: ${paymentId}`);
    const expiry = String(Math.floor(issuedAt.getTime() / 1000) + this.ttlSeconds);
    return `${paymentId}.${expiry}.${this.mac(paymentId, expiry).toString('base64url')}`;
  }

  /** The payment id a token grants, or null for anything forged, malformed, non-canonical or expired. */
  paymentOf(token: string): string | null {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const [, paymentId = '', expiry = '', mac = ''] = match;
    if (!PAYMENT_ID_PATTERN.test(paymentId)) return null;
    const given = Buffer.from(mac, 'base64url');
    // canonical only: the last character's unused low bits must be zero, or two spellings
    // of one mac would both pass
    if (given.length !== 32 || given.toString('base64url') !== mac || mac.length !== MAC_CHARS) return null;
    if (!timingSafeEqual(given, this.mac(paymentId, expiry))) return null;
    return Number(expiry) * 1000 > this.clock.now().getTime() ? paymentId : null;
  }
}
