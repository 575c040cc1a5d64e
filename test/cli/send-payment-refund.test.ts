// `send-payment --refund` takes our payment id (pay_…) as well as the provider's, and answers
// in yuan as --amount was given. The binary runs as its own process against a service on a
// real port; the id lookup and the answer's wording are also checked in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeRefundAnswer, providerPaymentIdOf } from '../../src/cli/send-payment-refund.js';
import { startInProcess } from '../support/in-process.js';
import { postGraphql, ROOT } from '../support/process.js';
import { DEMO_MERCHANT } from '../support/platform-harness.js';

const run = promisify(execFile);
const sendPayment = async (url: string, ...args: string[]): Promise<string> =>
  (await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/send-payment.ts'), '--url', url, ...args], { cwd: ROOT })).stdout;

test('send-payment --refund pay_… refunds our payment and answers in yuan', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-send-refund-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const node = await startInProcess({ node: 'platform', dataDir });
  t.after(() => node.shutdown());

  const paid = await sendPayment(node.url, '--amount', '128.00');
  const ours = /"paymentId":"(pay_[0-9a-z]+)"/u.exec(paid)?.[1];
  assert.ok(ours, paid);
  const provider = /"providerPaymentId":"([^"]+)"/u.exec(paid)?.[1] ?? '';

  // the same lookup the binary does, and both spellings resolve to the provider's id
  assert.deepEqual(await providerPaymentIdOf(node.url, DEMO_MERCHANT.apiKey, ours), { ok: true, id: provider });
  assert.deepEqual(await providerPaymentIdOf(node.url, DEMO_MERCHANT.apiKey, provider), { ok: true, id: provider });
  assert.equal((await providerPaymentIdOf(node.url, undefined, ours)).ok, false, 'our id needs a key to look up');

  const refunded = await sendPayment(node.url, '--refund', ours, '--amount', '28.00');
  assert.match(refunded, /payment\.refunded \S+ → HTTP 200/u);
  assert.match(refunded, new RegExp(`recorded on ${ours}: refunded ¥28\\.00 so far, ¥100\\.00 remains`, 'u'));
  assert.doesNotMatch(refunded, /2800|10000/u, 'no fen in the answer');

  const payment = await postGraphql<{ payment: { refunded: string } }>(node.url, 'query($id: ID!) { payment(id: $id) { refunded } }', { id: ours }, DEMO_MERCHANT.apiKey);
  assert.equal(payment.data?.payment.refunded, '28.00');
});

test('the refund answer is worded in yuan; an answer of another shape is left as it is', () => {
  assert.equal(describeRefundAnswer({ paymentId: 'pay_x', refundId: 'rf_1', refunded: 2805, remaining: 5 }), 'refund rf_1 recorded on pay_x: refunded ¥28.05 so far, ¥0.05 remains');
  assert.equal(describeRefundAnswer({ error: { code: 'WEBHOOK.X' } }), null);
});
