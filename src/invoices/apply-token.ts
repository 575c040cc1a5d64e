// The payer's apply token: `<payment id>.<HMAC-SHA256(secret, payment id)>`. Derived rather
// than stored, so a webhook replay returns the same token and no secret sits in a table;
// "single use" is enforced by state (one active application per payment).
import { createHmac, timingSafeEqual } from 'node:crypto';

export class ApplyTokens {
  constructor(private readonly secret: Uint8Array) {
    if (secret.length < 32) throw new RangeError('apply token secret must be at least 32 bytes');
  }

  private mac(paymentId: string): Buffer {
    return createHmac('sha256', this.secret).update(`apply-token/v1\n${paymentId}`).digest();
  }

  issue(paymentId: string): string {
    return `${paymentId}.${this.mac(paymentId).toString('base64url')}`;
  }

  /** The payment id a token grants, or null for anything forged or malformed. */
  paymentOf(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 200) return null;
    const paymentId = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(paymentId);
    return given.length === expected.length && timingSafeEqual(given, expected) ? paymentId : null;
  }
}
