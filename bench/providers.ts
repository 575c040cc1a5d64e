// `npm run bench -- providers [--count N]`: notifications/s through verification (and, for
// WeChat Pay, decryption) and mapping, for WeChat Pay APIv3 and Alipay, beside our own HMAC
// webhook's verification and parsing in the same run, with RSA verification's share of each.
// This is the storage-free core only: issue 14's ≥ 0.7 × target is end to end (payment and
// ledger entry in SQLite), which comes when the providers are wired to the webhook.
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePaymentEvent, signWebhook, verifyWebhookSignature } from '../src/payments/index.js';
import {
  alipayPublicKeyFrom, alipaySignContent, createWechatPayKeyring, parseSignedForm, signAlipayNotification, signWechatPayNotification,
  verifyAlipayNotification, verifyWechatPayNotification, wechatPayApiV3Key, wechatPayMessage, formatAlipayBillCsv, zipAlipayBill,
} from '../src/providers/index.js';
import { mb } from './_support.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '5' }, 'bill-rows': { type: 'string', default: '200000' } } });
const N = Number(values.count);
const ROUNDS = Number(values.rounds);
const NOW = 1_795_600_000;
const clock = { now: () => new Date(NOW * 1000) };
interface Timing {
  full: number;
  rsa: number;
}
const pair = (): { publicKey: KeyObject; privateKey: KeyObject } => generateKeyPairSync('rsa', { modulusLength: 2048 });

// --- our webhook: HMAC-SHA256 over t.body, then the JSON event parsed
const SECRET = 'whsec_bench_0123456789abcdef0123456789';
const ours = Array.from({ length: N }, (_, i) => {
  const rawBody = Buffer.from(JSON.stringify({
    id: `evt_bench_${i}`, type: 'payment.succeeded', created: NOW, merchantId: 'm_demo',
    data: { paymentId: `4200002651202611${String(i).padStart(12, '0')}`, amount: 12800 + i, currency: 'CNY', paidAt: '2026-11-23T02:46:02Z', description: '咖啡 2 杯' },
  }));
  return { rawBody, header: signWebhook({ secret: SECRET, rawBody, timestamp: NOW }) };
});
function runOurs(): Timing {
  let full = 0;
  for (const n of ours) {
    const t0 = performance.now();
    verifyWebhookSignature({ header: n.header, rawBody: n.rawBody, secrets: [SECRET], nowSeconds: NOW });
    parsePaymentEvent(JSON.parse(n.rawBody.toString('utf8')), { now: new Date(NOW * 1000), toleranceSeconds: 300 });
    full += performance.now() - t0;
  }
  return { full, rsa: 0 };
}

// --- WeChat Pay
const wechat = pair();
const SERIAL = 'PUB_KEY_ID_0119000001092026112000000000000001';
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);
const apiV3KeyObject = wechatPayApiV3Key(API_V3_KEY); // parsed once per merchant, as the route will
const keys = createWechatPayKeyring([{ id: SERIAL, pem: wechat.publicKey.export({ type: 'spki', format: 'pem' }).toString() }]);
const wx = Array.from({ length: N }, (_, i) => signWechatPayNotification({
  privateKey: wechat.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', timestamp: NOW,
  resource: {
    mchid: '1900000109', appid: 'wxd678efh567hg6787', out_trade_no: `order_${i}`, transaction_id: `4200002651202611${String(i).padStart(12, '0')}`,
    trade_type: 'NATIVE', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: '咖啡 2 杯',
    success_time: '2026-11-23T10:46:02+08:00', payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: 12800 + i, payer_total: 12800 + i, currency: 'CNY', payer_currency: 'CNY' },
  },
}));
const wxRsa = wx.map((n) => ({
  message: wechatPayMessage(n.headers['wechatpay-timestamp'] ?? '', n.headers['wechatpay-nonce'] ?? '', n.rawBody),
  signature: Buffer.from(n.headers['wechatpay-signature'] ?? '', 'base64'),
}));
const wxKey = keys.get(SERIAL) as KeyObject;
// RSA alone is timed right after each full verification, in the same cache state: timed in a
// loop of its own it measured 3× faster than inside the pipeline (warm OpenSSL state)
function runWechat(): Timing {
  let full = 0;
  let rsa = 0;
  wx.forEach((n, i) => {
    const t0 = performance.now();
    const r = verifyWechatPayNotification({ ...n, keys, apiV3Key: apiV3KeyObject, mchid: '1900000109', merchantId: 'm_demo', clock });
    const t1 = performance.now();
    const m = wxRsa[i] as { message: Buffer; signature: Buffer };
    verify('sha256', m.message, wxKey, m.signature);
    rsa += performance.now() - t1;
    full += t1 - t0;
    if (!r.ok) throw new Error(`bench notification refused: ${r.reason}`);
  });
  return { full, rsa };
}

// --- Alipay
const ali = pair();
const aliKey = alipayPublicKeyFrom(ali.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const al = Array.from({ length: N }, (_, i) => signAlipayNotification({
  privateKey: ali.privateKey,
  params: {
    gmt_create: '2026-11-23 10:45:58', charset: 'utf-8', seller_email: 'shop@example.com', subject: '咖啡 2 杯', buyer_id: '2088102122524333',
    invoice_amount: '128.00', notify_id: `20261123002221046000${String(i).padStart(14, '0')}`, fund_bill_list: '[{"amount":"128.00","fundChannel":"ALIPAYACCOUNT"}]',
    notify_type: 'trade_status_sync', trade_status: 'TRADE_SUCCESS', receipt_amount: '128.00', app_id: '2021000000000001', buyer_pay_amount: '128.00',
    seller_id: '2088000000000001', gmt_payment: '2026-11-23 10:46:02', notify_time: '2026-11-23 10:46:03', version: '1.0', out_trade_no: `order_${i}`,
    total_amount: '128.00', trade_no: `20261123220014043305${String(i).padStart(8, '0')}`, auth_app_id: '2021000000000001', buyer_logon_id: '159****5620', point_amount: '0.00',
  },
}).rawForm);
const alRsa = al.map((rawForm) => {
  const form = parseSignedForm(rawForm);
  if (!('params' in form)) throw new Error('bench form');
  return { content: Buffer.from(alipaySignContent(form.params), 'utf8'), signature: Buffer.from(form.params.get('sign') ?? '', 'base64') };
});
function runAlipay(): Timing {
  let full = 0;
  let rsa = 0;
  al.forEach((rawForm, i) => {
    const t0 = performance.now();
    const r = verifyAlipayNotification({ rawForm, alipayPublicKey: aliKey, appId: '2021000000000001', sellerId: '2088000000000001', merchantId: 'm_demo' });
    const t1 = performance.now();
    const m = alRsa[i] as { content: Buffer; signature: Buffer };
    verify('sha256', m.content, aliKey, m.signature);
    rsa += performance.now() - t1;
    full += t1 - t0;
    if (!r.ok) throw new Error(`bench notification refused: ${r.reason}`);
  });
  return { full, rsa };
}

// rounds interleave the workloads, so each sees the same machine state; the best round counts
const runs = { ours: runOurs, wechat: runWechat, alipay: runAlipay };
const best: Record<keyof typeof runs, Timing> = { ours: { full: Infinity, rsa: 0 }, wechat: { full: Infinity, rsa: 0 }, alipay: { full: Infinity, rsa: 0 } };
for (const run of Object.values(runs)) run(); // warm-up
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of Object.entries(runs) as Array<[keyof typeof runs, () => Timing]>) {
    const t = run();
    if (t.full < best[name].full) best[name] = t;
  }
}

const rate = (ms: number): number => Math.round((N * 1000) / ms);
const row = (name: string, ms: number, extra: string): void => console.log(`${name.padEnd(44)} ${`${rate(ms).toLocaleString()} /s`.padStart(12)}  ${(ms * 1000 / N).toFixed(1).padStart(6)} µs each  ${extra}`);
const share = (t: Timing): string => `RSA verification ${(t.rsa * 1000 / N).toFixed(1)} µs each, ~${Math.round((100 * t.rsa) / t.full)}% of it`;
console.log(`providers benchmark (verification core, no storage): ${N.toLocaleString()} notifications each, best of ${ROUNDS} interleaved rounds, node ${process.version}\n`);
row('our webhook: HMAC-SHA256 + JSON event', best.ours.full, '(the baseline)');
row('WeChat Pay: RSA-2048 + AES-256-GCM + mapping', best.wechat.full, `${(best.ours.full / best.wechat.full).toFixed(2)} × our webhook; ${share(best.wechat)}`);
row('Alipay: form + RSA2 (RSA-2048) + mapping', best.alipay.full, `${(best.ours.full / best.alipay.full).toFixed(2)} × our webhook; ${share(best.alipay)}`);
console.log('\nThe issue\'s target (≥ 0.7 × our webhook) is end to end: signature, decryption, the payment and its ledger entry in');
console.log('SQLite. This run measures only the storage-free core; the end-to-end figure comes when the providers are wired to the');
console.log('webhook\'s verify-then-record path, where the SQLite write dominates both sides and RSA\'s extra cost is diluted.');

// --- Alipay's daily bill: rows/s and peak memory of the streaming parse, each in a child
// process whose V8 heap is capped at 32 MB: a bill far larger than that parses only if the
// parser streams (400,000 rows, ~110 MB of CSV, parsed under a 24 MB cap when measured)
const BILL_ROWS = Number(values['bill-rows']);
if (BILL_ROWS > 0) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-alipay-bill-'));
  const day = { account: '20880000000000010156', day: '2026-11-20' };
  console.log('');
  for (const count of [Math.max(1, Math.floor(BILL_ROWS / 10)), BILL_ROWS]) {
    const file = path.join(dir, `bill-${count}.zip`);
    writeFileSync(file, zipAlipayBill(formatAlipayBillCsv(Array.from({ length: count }, (_, i) => ({
      time: '2026-11-20 12:00:00', paymentId: `20261120220014043305${String(i).padStart(8, '0')}`, status: 'SUCCESS' as const, amount: 100 + (i % 100_000), fee: 1,
    })), day), day));
    const child = spawnSync(process.execPath, ['--max-old-space-size=32', '--import', 'tsx', path.join(import.meta.dirname, '_alipay-bill-parse.ts'), file], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bill parse failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { rows: number; ms: number; maxRssKb: number };
    console.log(`Alipay 业务明细 bill, ${r.rows.toLocaleString().padStart(9)} rows (zip → GBK → CSV → BillRow): ${Math.round((r.rows * 1000) / r.ms).toLocaleString()} rows/s, peak RSS ${mb(r.maxRssKb * 1024)} with the heap capped at 32 MB`);
  }
  rmSync(dir, { recursive: true, force: true });
}
