// `npm run send-payment -- --provider wechatpay|alipay` against a service started on an empty
// DATA_DIR: the demo fixtures load the demo merchant's provider settings, and the CLI's
// notifications (real format, signed with the PUBLIC DEMO keys) are recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startInProcess } from '../support/in-process.js';
import { postGraphql, ROOT } from '../support/process.js';
import { DEMO_MERCHANT } from '../support/platform-harness.js';

const run = promisify(execFile);

async function sendPayment(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/send-payment.ts'), '--url', url, ...args], { cwd: ROOT });
  return stdout;
}

test('send-payment --provider wechatpay and alipay reach a fresh service and are recorded', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-send-provider-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const node = await startInProcess({ node: 'platform', dataDir });
  t.after(() => node.shutdown());

  const wechat = await sendPayment(node.url, '--provider', 'wechatpay', '--amount', '128.00');
  assert.match(wechat, /wechatpay payment (\d+) → HTTP 200 ""/u);
  const transactionId = /wechatpay payment (\d+)/u.exec(wechat)?.[1] ?? '';
  const refund = await sendPayment(node.url, '--provider', 'wechatpay', '--refund', transactionId, '--amount', '1.00', '--trade-total', '128.00');
  assert.match(refund, /→ HTTP 200 ""/u);
  const alipay = await sendPayment(node.url, '--provider', 'alipay', '--amount', '66.60');
  assert.match(alipay, /alipay payment \d+ → HTTP 200 "success"/u);

  const payments = await postGraphql<{ payments: { edges: Array<{ node: { providerPaymentId: string; amount: string; refunded: string } }> } }>(
    node.url, '{ payments { edges { node { providerPaymentId amount refunded } } } }', {}, DEMO_MERCHANT.apiKey,
  );
  const nodes = payments.data?.payments.edges.map((e) => e.node) ?? [];
  assert.deepEqual(nodes.map((n) => [n.amount, n.refunded]), [['128.00', '1.00'], ['66.60', '0.00']], JSON.stringify(payments));
  assert.equal(nodes[0]?.providerPaymentId, transactionId);
});
