// POST /webhooks/payments: the raw body is what was signed, so this route reads it raw.
// A malformed event is answered 400 with the offending field's path (`error.field`), so the
// provider does not retry it as it would a 500.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { isDomainError } from '../domain/index.js';
import { ingestWebhook, SIGNATURE_HEADER } from '../payments/index.js';
import type { Platform } from '../platform/platform.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'WEBHOOK.MALFORMED': 400,
  // an unknown merchant is answered as WEBHOOK.SIGNATURE too (see payments/ingest.ts)
  'WEBHOOK.SIGNATURE': 401,
  'WEBHOOK.EVENT_CONFLICT': 409,
  'PAYMENT.DUPLICATE': 409,
  'PAYMENT.DUPLICATE_REFUND': 409,
  'PAYMENT.UNKNOWN': 422,
  'PAYMENT.REFUND_EXCEEDS_REMAINING': 422,
};

export const WEBHOOK_BODY_LIMIT = '1mb';

export function webhookRouter(platform: Platform, logger: Logger): Router {
  const router = express.Router();
  router.post('/webhooks/payments', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req: Request, res: Response) => {
    const rawBody: unknown = req.body;
    if (!Buffer.isBuffer(rawBody)) {
      res.status(400).json({ error: { code: 'WEBHOOK.MALFORMED', message: 'the body must be sent raw (it was already parsed)' } });
      return;
    }
    try {
      const signatureHeader = req.get(SIGNATURE_HEADER);
      const result = await platform.writes.submit(() => ingestWebhook(platform.ingestDeps, { rawBody: new Uint8Array(rawBody), signatureHeader }));
      if (result.replayed) res.set('Chain-Invoice-Replayed', 'true');
      res.status(200).json(result.body);
    } catch (error) {
      if (isDomainError(error) && STATUS_BY_CODE[error.code]) {
        const field = error.code === 'WEBHOOK.MALFORMED' ? error.details['field'] : undefined;
        res.status(STATUS_BY_CODE[error.code] as number).json({ error: { code: error.code, message: error.message, ...(typeof field === 'string' ? { field } : {}) } });
        return;
      }
      logger.error({ err: error, reqId: res.locals['reqId'] }, 'webhook failed');
      res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    }
  });
  return router;
}
