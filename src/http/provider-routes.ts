// POST /webhooks/wechatpay/:merchantId and POST /webhooks/alipay/:merchantId (issue 14): the
// provider's notification is verified with the path merchant's settings (keys parsed once and
// cached, see payments/provider-keyrings.ts), then recorded through the same path as our own
// webhook. Each provider gets its own answers: WeChat Pay an empty 200 once committed, else a
// 4xx/5xx {"code":"FAIL","message":…}; Alipay the literal `success` once committed, else `fail`.
// Nothing is written for any refusal, so the provider retries (or gives up on a 4xx it keeps getting).
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { isDomainError } from '../domain/index.js';
import { recordProviderEvent } from '../payments/index.js';
import type { Platform } from '../platform/platform.js';
import {
  alipayFailureAnswer, verifyAlipayNotification, verifyWechatPayNotification, wechatPayFailureAnswer, type ProviderAnswer, type ProviderEvent,
} from '../providers/index.js';

// real notifications are 1–3 KiB; the verifiers refuse more than MAX_NOTIFICATION_BYTES in
// their own answer format, so the parser only has to stop the absurd
const RAW_LIMIT = '256kb';

/** Domain refusals of recording, as HTTP statuses (the body is the provider's failure format). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'WEBHOOK.MALFORMED': 400,
  'PAYMENT.DUPLICATE': 409,
  'PAYMENT.DUPLICATE_REFUND': 409,
  'PAYMENT.UNKNOWN': 422,
  'PAYMENT.REFUND_EXCEEDS_REMAINING': 422,
  'LEDGER.ENTRY_TOO_LARGE': 413,
};

function send(res: Response, answer: ProviderAnswer): void {
  res.status(answer.status).type(answer.contentType).send(answer.body);
}

export function providerRouter(platform: Platform, logger: Logger): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: RAW_LIMIT });

  /** Records a verified event; answers `success` or the provider's failure answer. */
  async function record(res: Response, merchantId: string, event: ProviderEvent, rawBody: Uint8Array, success: ProviderAnswer, failure: (status: number, message: string) => ProviderAnswer): Promise<void> {
    try {
      await platform.writes.submit(() => recordProviderEvent(platform.providerDeps, merchantId, event, rawBody));
      send(res, success);
    } catch (error) {
      if (isDomainError(error) && STATUS_BY_CODE[error.code]) {
        res.locals['refusal'] = error.code; // logged at warn and counted by app.ts
        send(res, failure(STATUS_BY_CODE[error.code] as number, error.message));
        return;
      }
      logger.error({ err: error, reqId: res.locals['reqId'], provider: event.provider }, 'provider notification failed');
      send(res, failure(500, 'internal error'));
    }
  }

  router.post('/webhooks/wechatpay/:merchantId', raw, async (req: Request<{ merchantId: string }>, res: Response) => {
    const rawBody = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : null;
    if (rawBody === null) {
      send(res, wechatPayFailureAnswer(400, 'the body must be sent raw'));
      return;
    }
    const merchantId = req.params.merchantId;
    const creds = platform.providerKeyrings.wechatPay(merchantId);
    // a merchant without WeChat Pay settings (or no merchant) is answered as an unknown serial
    if (creds === null) {
      res.locals['refusal'] = 'NO_PROVIDER_SETTINGS';
      send(res, wechatPayFailureAnswer(401, 'Wechatpay-Serial names no key of this merchant'));
      return;
    }
    const verified = verifyWechatPayNotification({
      headers: req.headers, rawBody, keys: creds.keys, apiV3Key: creds.apiV3Key, mchid: creds.mchid, merchantId, clock: platform.clock,
      toleranceSeconds: platform.options.webhookToleranceSeconds,
    });
    if (!verified.ok) {
      res.locals['refusal'] = verified.reason;
      send(res, verified.answer);
      return;
    }
    await record(res, merchantId, verified.event, rawBody, verified.answer, wechatPayFailureAnswer);
  });

  router.post('/webhooks/alipay/:merchantId', raw, async (req: Request<{ merchantId: string }>, res: Response) => {
    const rawBody = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : null;
    if (rawBody === null) {
      send(res, alipayFailureAnswer(400));
      return;
    }
    const merchantId = req.params.merchantId;
    const creds = platform.providerKeyrings.alipay(merchantId);
    if (creds === null) {
      res.locals['refusal'] = 'NO_PROVIDER_SETTINGS';
      send(res, alipayFailureAnswer(401));
      return;
    }
    const verified = verifyAlipayNotification({ rawForm: rawBody, alipayPublicKey: creds.publicKey, appId: creds.appId, sellerId: creds.sellerId, merchantId });
    if (!verified.ok) {
      res.locals['refusal'] = verified.reason;
      send(res, verified.answer);
      return;
    }
    await record(res, merchantId, verified.event, rawBody, verified.answer, (status) => alipayFailureAnswer(status));
  });
  return router;
}
