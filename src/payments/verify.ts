// Verifies one delivery of our own webhook and returns the PaymentEvent it carries. Nothing is
// parsed before the raw bytes are verified against the merchant's active secrets: the merchant
// comes from the route's path (`/webhooks/payments/:merchantId`). Only the deprecated path
// `/webhooks/payments` still has to read the merchant from the body first (merchantId null).
//
// An unknown merchant is refused exactly like a wrong signature (same code, status and
// message, and the same HMAC work against a dummy secret), so the endpoint cannot be used to
// learn which merchant ids exist (issue 10, finding 14). Reads the merchant's secrets, writes
// nothing.
import { randomBytes } from 'node:crypto';
import type { MerchantStore } from '../access/index.js';
import { DomainError, type Clock } from '../domain/index.js';
import { parsePaymentEvent } from './event.js';
import type { PaymentEvent } from './types.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export interface VerifyDeps {
  readonly merchants: Pick<MerchantStore, 'get' | 'activeSecrets'>;
  readonly clock: Clock;
  readonly toleranceSeconds: number;
}

export interface WebhookDelivery {
  /** The merchant named by the path; null on the deprecated path, where the body names it. */
  readonly merchantId: string | null;
  readonly rawBody: Uint8Array;
  readonly signatureHeader: string | undefined;
}

// Stands in for the secrets of a merchant that does not exist; random per process, so no
// signature can match it.
const DUMMY_SECRETS: readonly string[] = [`whsec_${randomBytes(32).toString('base64url')}`];

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeJson(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(rawBody)) as unknown;
  } catch {
    throw new DomainError('WEBHOOK.MALFORMED', 'the body is not valid UTF-8 JSON', { field: '$' });
  }
}

function mismatch(): DomainError {
  // the same answer as a bad signature: the body's merchant is not the one whose secret signed it
  return new DomainError('WEBHOOK.SIGNATURE', 'no signature matches an active secret of this merchant', { reason: 'MISMATCH' });
}

function verifyBytes(deps: VerifyDeps, merchantId: string, delivery: WebhookDelivery, now: Date): void {
  const merchant = deps.merchants.get(merchantId);
  // the same two lookups whether or not the merchant exists (an unknown id has no secrets)
  const secrets = deps.merchants.activeSecrets(merchantId, now.toISOString()).map((s) => s.secret);
  verifyWebhookSignature({
    header: delivery.signatureHeader,
    rawBody: delivery.rawBody,
    // a merchant without an active secret is treated like an unknown one: same work, same answer
    secrets: secrets.length > 0 ? secrets : DUMMY_SECRETS,
    nowSeconds: Math.floor(now.getTime() / 1000),
    toleranceSeconds: deps.toleranceSeconds,
  });
  // unreachable unless a dummy secret matched; kept so the invariant is explicit
  if (!merchant || secrets.length === 0) throw mismatch();
}

/**
 * Verifies a delivery and parses its event. Throws DomainError WEBHOOK.SIGNATURE (401: bad or
 * missing signature, unknown merchant, body naming another merchant than the path) before
 * anything is parsed, then WEBHOOK.MALFORMED (400) with details.field.
 */
export function verifyPaymentWebhook(deps: VerifyDeps, delivery: WebhookDelivery): PaymentEvent {
  const now = deps.clock.now();
  const clock = { now, toleranceSeconds: deps.toleranceSeconds };
  if (delivery.merchantId === null) {
    // deprecated path: the body must be read to learn whose secret to check
    const json = decodeJson(delivery.rawBody);
    const named = typeof json === 'object' && json !== null ? (json as { merchantId?: unknown }).merchantId : undefined;
    verifyBytes(deps, typeof named === 'string' ? named : '', delivery, now);
    return parsePaymentEvent(json, clock);
  }
  verifyBytes(deps, delivery.merchantId, delivery, now);
  const json = decodeJson(delivery.rawBody);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return parsePaymentEvent(json, clock);
  const named = (json as { merchantId?: unknown }).merchantId;
  if (named === undefined) return parsePaymentEvent({ ...json, merchantId: delivery.merchantId }, clock);
  if (named !== delivery.merchantId) throw mismatch();
  return parsePaymentEvent(json, clock);
}
