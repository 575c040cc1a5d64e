// POST /webhooks/payments/:merchantId: the raw body is what was signed, so this route reads it
// raw and the payments context verifies those bytes against the path's merchant before
// anything is parsed. POST /webhooks/payments (merchant named in the body) is deprecated: it
// still works and answers with a Deprecation header (RFC 9745) pointing at the new path.
// Domain outcomes and refusals become HTTP here and nowhere else: a malformed event is 400 with
// the offending field's path (`error.field`), so the provider does not retry it as a 500.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { isDomainError } from '../domain/index.js';
import { ingestWebhook, SIGNATURE_HEADER, type IngestDeps, type WebhookOutcome } from '../payments/index.js';
import type { Platform } from '../platform/platform.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'WEBHOOK.MALFORMED': 400,
  // an unknown merchant, and a body naming another merchant than the path, are answered as
  // WEBHOOK.SIGNATURE too (see payments/verify.ts)
  'WEBHOOK.SIGNATURE': 401,
  'WEBHOOK.EVENT_CONFLICT': 409,
  'PAYMENT.DUPLICATE': 409,
  'PAYMENT.DUPLICATE_REFUND': 409,
  'PAYMENT.UNKNOWN': 422,
  'PAYMENT.REFUND_EXCEEDS_REMAINING': 422,
  // safety net: assertInvoiceable refuses such payments as WEBHOOK.MALFORMED before this
  'LEDGER.ENTRY_TOO_LARGE': 413,
};

export const WEBHOOK_BODY_LIMIT = '1mb';
/** When /webhooks/payments was deprecated (2026-11-22T00:00:00Z), as RFC 9745 writes it. */
export const LEGACY_WEBHOOK_DEPRECATION = '@1795305600';

/** The JSON answer for an outcome; a replay rebuilds the same one (the apply token is issued as of receivedAt). */
export function webhookAnswer(deps: Pick<IngestDeps, 'applyLinkFor'>, outcome: WebhookOutcome): Record<string, unknown> {
  const r = outcome.recorded;
  if (r.kind === 'payment') {
    return {
      received: true, eventId: r.eventId, paymentId: r.paymentId, providerPaymentId: r.providerPaymentId, ledgerIndex: r.ledgerIndex,
      ...deps.applyLinkFor(r.paymentId, new Date(outcome.receivedAt)),
    };
  }
  return { received: true, eventId: r.eventId, paymentId: r.paymentId, refundId: r.refundId, refunded: r.refunded, remaining: r.remaining, ledgerIndex: r.ledgerIndex };
}

export function webhookRouter(platform: Platform, logger: Logger): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  const handle = async (req: Request, res: Response, merchantId: string | null): Promise<void> => {
    const rawBody: unknown = req.body;
    if (!Buffer.isBuffer(rawBody)) {
      res.status(400).json({ error: { code: 'WEBHOOK.MALFORMED', message: 'the body must be sent raw (it was already parsed)' } });
      return;
    }
    try {
      const signatureHeader = req.get(SIGNATURE_HEADER);
      const outcome = await platform.writes.submit(() => ingestWebhook(platform.ingestDeps, { merchantId, rawBody: new Uint8Array(rawBody), signatureHeader }));
      if (outcome.replayed) res.set('Chain-Invoice-Replayed', 'true');
      res.status(200).json(webhookAnswer(platform.ingestDeps, outcome));
    } catch (error) {
      if (isDomainError(error) && STATUS_BY_CODE[error.code]) {
        res.locals['refusal'] = error.code; // logged at warn and counted by app.ts
        const field = error.code === 'WEBHOOK.MALFORMED' ? error.details['field'] : undefined;
        // a too-large entry's message names byte counts only, never the payload
        res.status(STATUS_BY_CODE[error.code] as number).json({ error: { code: error.code, message: error.message, ...(typeof field === 'string' ? { field } : {}) } });
        return;
      }
      logger.error({ err: error, reqId: res.locals['reqId'] }, 'webhook failed');
      res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    }
  };
  router.post('/webhooks/payments/:merchantId', raw, async (req: Request<{ merchantId: string }>, res: Response) => {
    await handle(req, res, req.params.merchantId);
  });
  router.post('/webhooks/payments', raw, async (req: Request, res: Response) => {
    res.set('Deprecation', LEGACY_WEBHOOK_DEPRECATION);
    res.set('Link', '</webhooks/payments/{merchantId}>; rel="successor-version"');
    await handle(req, res, null);
  });
  return router;
}
