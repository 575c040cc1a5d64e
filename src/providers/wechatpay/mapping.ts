// Maps a decrypted WeChat Pay APIv3 resource to our events. Fields, from 微信支付 支付成功回调
// (transaction) and 退款结果通知 (refund): mchid, out_trade_no, transaction_id, trade_state,
// success_time (RFC 3339), attach, amount.{total, payer_total, currency} in fen; refund_id,
// out_refund_no, refund_status, amount.{total, refund}. Every field is checked; a failure names
// the field, never its value.
import type { Fen } from '../../domain/index.js';
import { PROVIDER_ID, cleanText, fenFromJson, instantFromRfc3339 } from '../_fields.js';
import type { IdempotencyKeys, ProviderEvent } from '../types.js';

export type WechatPayEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
export const WECHATPAY_EVENT_TYPES: readonly WechatPayEventType[] = ['TRANSACTION.SUCCESS', 'REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'];

export type MappingRefusal = { reason: 'MALFORMED' | 'WRONG_MCHID'; message: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Refused extends Error {
  constructor(readonly refusal: MappingRefusal) {
    super(refusal.message);
  }
}
const malformed = (field: string, what: string): Refused => new Refused({ reason: 'MALFORMED', message: `resource.${field} ${what}` });

function id(obj: Json, field: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || !PROVIDER_ID.test(v)) throw malformed(field, 'must be an id of 1–64 letters, digits or _-.:|*@');
  return v;
}

function fen(obj: Json, path: string, field: string, min: number): Fen {
  const v = fenFromJson(obj[field], min);
  if (v === null) throw malformed(`${path}${field}`, `must be an integer number of fen from ${min} to 10^15 − 1`);
  return v;
}

function instant(obj: Json, field: string): string {
  const v = obj[field];
  const at = typeof v === 'string' ? instantFromRfc3339(v) : null;
  if (at === null) throw malformed(field, 'must be an RFC 3339 date-time');
  return at;
}

export interface MappingContext {
  readonly notificationId: string;
  readonly created: number;
  readonly merchantId: string;
  readonly mchid: string;
}

/** Maps a decrypted resource; returns the event or a refusal (never throws for bad input). */
export function mapWechatPayResource(type: WechatPayEventType, resource: unknown, ctx: MappingContext): { event: ProviderEvent } | MappingRefusal {
  try {
    return { event: map(type, resource, ctx) };
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

function map(type: WechatPayEventType, resource: unknown, ctx: MappingContext): ProviderEvent {
  if (!isObject(resource)) throw malformed('$', 'must be a JSON object');
  // the merchant in the path must be the one WeChat Pay paid: checked before anything else is read
  if (resource['mchid'] !== ctx.mchid) throw new Refused({ reason: 'WRONG_MCHID', message: 'resource.mchid is not this merchant\'s mchid' });
  const amount = resource['amount'];
  if (!isObject(amount)) throw malformed('amount', 'must be an object');
  const outTradeNo = id(resource, 'out_trade_no');
  const transactionId = id(resource, 'transaction_id');
  const eventId = `wechatpay:${ctx.notificationId}`;

  if (type === 'TRANSACTION.SUCCESS') {
    if (resource['trade_state'] !== 'SUCCESS') throw malformed('trade_state', 'must be SUCCESS for TRANSACTION.SUCCESS');
    if (amount['currency'] !== 'CNY') throw malformed('amount.currency', 'must be CNY');
    const total = fen(amount, 'amount.', 'total', 1);
    const payerTotal = fen(amount, 'amount.', 'payer_total', 0);
    if (payerTotal > total) throw malformed('amount.payer_total', 'exceeds amount.total');
    const attach = resource['attach'];
    const description = attach === undefined || attach === '' ? outTradeNo : typeof attach === 'string' ? cleanText(attach, 128) : null;
    if (description === null) throw malformed('attach', 'must be text of at most 128 characters that passes the text policy');
    return {
      kind: 'payment', provider: 'wechatpay', idempotency: keys(ctx, transactionId), merchantOrderId: outTradeNo, payerTotal,
      event: {
        id: eventId, type: 'payment.succeeded', created: ctx.created, merchantId: ctx.merchantId,
        data: {
          paymentId: transactionId, amount: total, currency: 'CNY', paidAt: instant(resource, 'success_time'),
          // a transaction carries no description; the merchant's attach, else its order number, stands in
          description, items: null,
        },
      },
    };
  }

  const refundId = id(resource, 'refund_id');
  const outRefundNo = id(resource, 'out_refund_no');
  const status = type.slice('REFUND.'.length);
  if (resource['refund_status'] !== status) throw malformed('refund_status', `must be ${status} for ${type}`);
  const total = fen(amount, 'amount.', 'total', 1);
  const refund = fen(amount, 'amount.', 'refund', 1);
  if (refund > total) throw malformed('amount.refund', 'exceeds amount.total');
  if (type === 'REFUND.SUCCESS') {
    instant(resource, 'success_time');
    return {
      kind: 'refund', provider: 'wechatpay', idempotency: keys(ctx, refundId), merchantRefundId: outRefundNo,
      event: { id: eventId, type: 'payment.refunded', created: ctx.created, merchantId: ctx.merchantId, data: { paymentId: transactionId, refundId, amount: refund } },
    };
  }
  return {
    kind: 'refund-not-completed', provider: 'wechatpay', idempotency: keys(ctx, refundId), status: status as 'ABNORMAL' | 'CLOSED',
    merchantId: ctx.merchantId, paymentId: transactionId, refundId, merchantRefundId: outRefundNo, amount: refund,
  };
}

function keys(ctx: MappingContext, objectId: string): IdempotencyKeys {
  return { notificationId: ctx.notificationId, objectId };
}
