// `npm run send-payment -- --amount 128.00 [--merchant ID] [--refund PAYMENT_ID] [--url URL]`
// `npm run send-payment -- --provider wechatpay|alipay --amount 128.00 [--refund ID --trade-total 128.00]`
// Signs and sends a payment (or refund) event the way a provider would — like `stripe trigger` —
// so the whole flow can be tried without a payment provider. Defaults to the demo merchant and
// the local server.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURES_DIR } from '../config.js';
import { isDomainError, parseYuan } from '../domain/index.js';
import { SIGNATURE_HEADER, signWebhook } from '../payments/index.js';
import { sendProviderNotification } from './send-provider-notification.js';
import { describeRefundAnswer, providerPaymentIdOf } from './send-payment-refund.js';

const USAGE = `usage: npm run send-payment -- --amount 128.00 [--merchant ID] [--secret WHSEC] [--refund PAYMENT_ID]
                         [--key API_KEY] [--description TEXT] [--items FILE.json] [--url http://127.0.0.1:4000]
  --refund PAYMENT_ID   refund --amount yuan of that payment instead: our id (pay_…) or the provider's
  --key API_KEY         the merchant's API key, to look up a pay_… id (default: the demo merchant's)
  the merchant and secret default to the demo merchant in fixtures/demo/platform.json
  --provider wechatpay|alipay   send a real-format WeChat Pay / Alipay notification instead, signed
                        with the PUBLIC DEMO keys in fixtures/providers, to the demo merchant
  --trade-total YUAN    with --provider and --refund: the trade's paid total (default: --amount)
  --refunded-total YUAN with --provider alipay --refund: everything refunded so far, this included`;

function fail(message: string): never {
  console.error(`send-payment: ${message}`);
  process.exit(2);
}

let values;
try {
  values = parseArgs({
    options: {
      amount: { type: 'string' }, merchant: { type: 'string' }, secret: { type: 'string' }, refund: { type: 'string' }, key: { type: 'string' },
      description: { type: 'string' }, items: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean' },
      provider: { type: 'string' }, 'trade-total': { type: 'string' }, 'refunded-total': { type: 'string' },
    },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.amount) fail(`--amount is required\n${USAGE}`);
let amount: number;
try {
  amount = parseYuan(values.amount);
} catch (error) {
  fail(isDomainError(error) ? error.message : String(error));
}
if (amount <= 0) fail('--amount must be positive');

const demo = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'demo', 'platform.json'), 'utf8')) as { merchants: Array<{ id: string; webhookSecret: string; apiKey?: string }> };
const merchantId = values.merchant ?? demo.merchants[0]?.id ?? fail('no --merchant and no demo merchant');
const secret = values.secret ?? demo.merchants.find((m) => m.id === merchantId)?.webhookSecret ?? fail(`no --secret for merchant ${merchantId}`);
const base = values.url ?? `http://${process.env['HOST'] ?? '127.0.0.1'}:${process.env['PORT'] ?? '4000'}`;

// our pay_… id or the provider's: the provider's notification names the provider's
let refundOf = values.refund;
if (refundOf !== undefined) {
  const apiKey = values.key ?? demo.merchants.find((m) => m.id === merchantId)?.apiKey;
  let resolved;
  try {
    resolved = await providerPaymentIdOf(base, apiKey, refundOf);
  } catch (error) {
    fail(`could not reach ${base}: ${(error as Error).message} (is the service running? npm start)`);
  }
  if (!resolved.ok) fail(resolved.message);
  refundOf = resolved.id;
}

if (values.provider !== undefined) {
  if (values.provider !== 'wechatpay' && values.provider !== 'alipay') fail(`--provider must be wechatpay or alipay\n${USAGE}`);
  const yuan = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    try {
      return parseYuan(text);
    } catch {
      return fail(`${flag} must be an amount in yuan`);
    }
  };
  process.exit(await sendProviderNotification({
    provider: values.provider, base, amount, description: values.description, refundOf,
    tradeTotal: yuan('--trade-total', values['trade-total']), refundedTotal: yuan('--refunded-total', values['refunded-total']),
  }));
}

const nonce = (): string => randomBytes(8).toString('hex');
const created = Math.floor(Date.now() / 1000);

const event = refundOf !== undefined
  ? { id: `evt_${nonce()}`, type: 'payment.refunded', created, merchantId, data: { paymentId: refundOf, refundId: `rf_${nonce()}`, amount } }
  : {
      id: `evt_${nonce()}`, type: 'payment.succeeded', created, merchantId,
      data: {
        paymentId: `wx_${Date.now()}${nonce()}`, amount, currency: 'CNY', paidAt: new Date().toISOString(),
        description: values.description ?? '演示商品 demo purchase',
        ...(values.items ? { items: JSON.parse(readFileSync(values.items, 'utf8')) as unknown } : {}),
      },
    };
const body = JSON.stringify(event);
let response: Response;
try {
  response = await fetch(`${base}/webhooks/payments/${encodeURIComponent(merchantId)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signWebhook({ secret, rawBody: body, timestamp: created }) },
    body,
  });
} catch (error) {
  fail(`could not reach ${base}: ${(error as Error).message} (is the service running? npm start)`);
}
const text = await response.text();
console.log(`${event.type} ${event.id} → HTTP ${response.status}`);
// a refund answers in yuan, as --amount was given; the webhook's own answer is in fen
let refundLine: string | null = null;
if (response.ok && event.type === 'payment.refunded') {
  try {
    refundLine = describeRefundAnswer(JSON.parse(text));
  } catch {
    refundLine = null;
  }
}
console.log(refundLine ?? text);
if (response.ok && event.type === 'payment.succeeded') {
  const result = JSON.parse(text) as { applyToken: string };
  console.log('\nApply for the invoice as the payer (no account needed):');
  console.log(
    `curl -s ${base}/graphql -H 'content-type: application/json' -d '${JSON.stringify({
      query: 'mutation($t:String!){applyForInvoice(input:{applyToken:$t,buyer:{type:INDIVIDUAL,name:"张三"}}){id status}}',
      variables: { t: result.applyToken },
    })}'`,
  );
}
process.exit(response.ok ? 0 : 1);
