// Sends one event: POST of its JSON body, signed like our inbound webhook (`t=…,v1=…`, HMAC
// over `t.body`, payments/webhook-signature.ts) so a merchant verifies with the same code.
// Only a 2xx is delivered; redirects are not followed (an endpoint that moved must be
// re-registered); a receiver that does not answer within the timeout has failed. Errors are
// told in our words, never with a stack or the receiver's body.
import { SIGNATURE_HEADER, signWebhook } from '../payments/webhook-signature.js';

export const EVENT_ID_HEADER = 'Chain-Invoice-Event-Id';
export const EVENT_TYPE_HEADER = 'Chain-Invoice-Event-Type';
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface SendRequest {
  readonly url: string;
  readonly secret: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly body: string;
  readonly timestampSeconds: number;
  readonly signal: AbortSignal;
}

export interface SendResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

export type Sender = (request: SendRequest) => Promise<SendResult>;

function describe(error: unknown, timedOutAfterMs: number | null): string {
  if (timedOutAfterMs !== null) return `no answer within ${timedOutAfterMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  // fetch refuses the ports the Fetch standard blocks (25, 6000, …) before connecting
  if (cause?.message === 'bad port') return 'the port is one HTTP clients refuse to use';
  switch (cause?.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': return 'connection closed by the receiver';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'host not found';
    case 'CERT_HAS_EXPIRED': case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': return 'TLS certificate not trusted';
    default: return 'could not reach the endpoint';
  }
}

export function createHttpSender(timeoutMs = DELIVERY_TIMEOUT_MS): Sender {
  return async (request) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, request.signal]);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        redirect: 'manual',
        signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'chain-invoice-outbox/1',
          [SIGNATURE_HEADER]: signWebhook({ secret: request.secret, rawBody: request.body, timestamp: request.timestampSeconds }),
          [EVENT_ID_HEADER]: request.eventId,
          [EVENT_TYPE_HEADER]: request.eventType,
        },
        body: request.body,
      });
      // the body is not ours to read: release the connection
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status, error: null };
      return { ok: false, statusCode: response.status, error: `answered HTTP ${response.status}; only 2xx counts as delivered` };
    } catch (error) {
      return { ok: false, statusCode: null, error: describe(error, timeout.aborted ? timeoutMs : null) };
    }
  };
}
