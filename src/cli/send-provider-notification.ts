// `send-payment --provider wechatpay|alipay`: a real-format notification, really signed with
// the PUBLIC DEMO keys in fixtures/providers (src/providers/demo.ts), sent to the demo
// merchant's provider route. The demo fixtures load the matching settings on an empty DATA_DIR.
import { formatYuan, type Fen } from '../domain/index.js';
import { demoAlipayNotification, demoProviderSettings, demoWechatPayNotification } from '../providers/demo.js';

export interface ProviderSendOptions {
  readonly provider: 'wechatpay' | 'alipay';
  readonly base: string;
  readonly amount: Fen;
  readonly description?: string | undefined;
  /** Refund this provider payment id (transaction_id / trade_no). */
  readonly refundOf?: string | undefined;
  /** Alipay: the total refunded on the trade so far, this refund included (refund_fee is cumulative). */
  readonly refundedTotal?: Fen | undefined;
  /** The trade's paid total, for a refund (defaults to the amount). */
  readonly tradeTotal?: Fen | undefined;
}

/** Sends one notification; returns the process exit code. */
export async function sendProviderNotification(o: ProviderSendOptions): Promise<number> {
  const merchantId = demoProviderSettings().merchantId;
  const common = {
    amount: o.amount,
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.refundOf !== undefined ? { refundOf: o.refundOf } : {}),
    ...(o.refundedTotal !== undefined ? { refundedTotal: o.refundedTotal } : {}),
    ...(o.tradeTotal !== undefined ? { tradeTotal: o.tradeTotal } : {}),
  };
  let request: { url: string; headers: Record<string, string>; body: string; providerId: string };
  if (o.provider === 'wechatpay') {
    const n = demoWechatPayNotification(common);
    request = { url: `${o.base}/webhooks/wechatpay/${merchantId}`, headers: { ...n.headers, 'Content-Type': 'application/json' }, body: n.rawBody.toString('utf8'), providerId: n.providerId };
  } else {
    const n = demoAlipayNotification(common);
    request = { url: `${o.base}/webhooks/alipay/${merchantId}`, headers: { 'Content-Type': n.contentType }, body: n.rawForm, providerId: n.providerId };
  }
  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  } catch (error) {
    console.error(`send-payment: could not reach ${o.base}: ${(error as Error).message} (is the service running? npm start)`);
    return 2;
  }
  const text = await response.text();
  const what = o.refundOf !== undefined ? 'refund' : 'payment';
  console.log(`${o.provider} ${what} ${request.providerId} → HTTP ${response.status} ${JSON.stringify(text)}`);
  if (response.ok && o.refundOf === undefined) {
    console.log(`\nRefund part of it: npm run send-payment -- --provider ${o.provider} --refund ${request.providerId} --amount 1.00 --trade-total ${formatYuan(o.amount)}`);
    console.log(`The merchant applies for its invoice with GraphQL applyForInvoice(input: { paymentId: … }) (its payments query lists it).`);
  }
  return response.ok ? 0 : 1;
}
