// What the platform logs during a real flow, read back as JSON lines: each GraphQL operation by
// name, an error by its code and reason, a refused webhook at warn with its reason code, each
// block sealed, sent and cosigned at info with its size and lag; never the variables, the apply
// token, a buyer's name or a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadPlatformConfig } from '../../src/config.js';
import { bootPlatform } from '../../src/platform/boot.js';
import { DEMO_MERCHANT } from '../support/platform-harness.js';
import { postGraphql, postWebhook } from '../support/process.js';
import { startInProcess } from '../support/in-process.js';
import { waitFor } from '../support/wait.js';

interface Line { level: number; msg: string; [field: string]: unknown }

test('the platform logs operations, refusals and blocks, and never payloads or keys', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'chain-invoice-logs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tax = await startInProcess({ node: 'tax-node', dataDir: path.join(root, 'tax') });
  t.after(() => tax.shutdown());
  let text = '';
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  const logger = pino({ level: 'info', base: { service: 'chain-invoice-platform' } }, sink);
  const env = { ...process.env, DATA_DIR: path.join(root, 'platform'), PORT: '0', HOST: '127.0.0.1', TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: '20', RECONCILE_CRON: 'off' };
  const platform = await bootPlatform(loadPlatformConfig(env), { logger });
  t.after(() => platform.shutdown());
  const lines = (): Line[] => text.trim().split('\n').map((l) => JSON.parse(l) as Line);

  const n = randomBytes(6).toString('hex');
  const event = { id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id, data: { paymentId: `wx_${n}`, amount: 5000, currency: 'CNY', paidAt: new Date().toISOString(), description: 'logs' } };
  const hook = await postWebhook(platform.url, event, DEMO_MERCHANT.webhookSecret);
  const token = String(hook.body['applyToken']);
  assert.equal((await postWebhook(platform.url, { ...event, id: `evt_x${n}` }, 'whsec_not_the_merchants_secret')).status, 401);
  const buyer = '秘密买家有限公司';
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(platform.url, 'mutation Apply($t: String!, $name: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: $name } }) { id } }', { t: token, name: buyer });
  const id = applied.data?.applyForInvoice.id ?? '';
  await postGraphql(platform.url, 'mutation Issue($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id }, DEMO_MERCHANT.apiKey);
  const again = await postGraphql(platform.url, 'mutation Issue($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id }, DEMO_MERCHANT.apiKey);
  const code = (again.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
  await waitFor('a block to be cosigned and logged', () => lines().some((l) => l.msg === 'block cosigned by the tax node'));

  const all = lines();
  assert.ok(all.some((l) => l.msg === 'graphql' && l['operation'] === 'Apply'), 'the operation name is logged');
  const refusedIssue = all.find((l) => l['operation'] === 'Issue' && Array.isArray(l['errors']));
  assert.ok(refusedIssue, 'a failed operation is logged with its errors');
  assert.equal((refusedIssue['errors'] as Array<{ code: string; reason: string }>)[0]?.code, code);
  assert.equal(typeof (refusedIssue['errors'] as Array<{ reason: unknown }>)[0]?.reason, 'string');
  const refusal = all.find((l) => l.msg === 'webhook refused');
  assert.ok(refusal, 'a refused webhook is logged');
  assert.equal(refusal.level, 40, 'at warn');
  assert.equal(refusal['reason'], 'WEBHOOK.SIGNATURE');
  for (const msg of ['block sealed', 'block sent to the tax node', 'block cosigned by the tax node']) {
    const line = all.find((l) => l.msg === msg);
    assert.ok(line, `"${msg}" is logged`);
    assert.equal(line.level, 30, `"${msg}" at info`);
    assert.equal(typeof line['size'], 'number');
  }
  assert.equal(typeof all.find((l) => l.msg === 'block cosigned by the tax node')?.['lagMs'], 'number');
  for (const secret of [token, buyer, DEMO_MERCHANT.apiKey, DEMO_MERCHANT.webhookSecret]) assert.ok(!text.includes(secret), 'no payload or key in the log');
});
