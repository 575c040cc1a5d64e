// GET /metrics on both nodes after a real flow (a payment through the signed webhook, a refused
// one, an invoice applied for, issued and cosigned, an anonymous 查验): the named series exist
// in the Prometheus text format with values that follow from what happened; METRICS_TOKEN
// protects the endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEMO_MERCHANT } from '../support/platform-harness.js';
import { postGraphql, postWebhook } from '../support/process.js';
import { startInProcess } from '../support/in-process.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const ORIGIN = 'demo.chain-invoice.local/ledger';

/** The value of one sample: `name{labels}` where every given label matches; undefined if absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/u.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/gu)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(url: string, token?: string): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

test('both nodes expose their metrics after a flow; METRICS_TOKEN protects the platform\'s', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'chain-invoice-metrics-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tax = await startInProcess({ node: 'tax-node', dataDir: path.join(root, 'tax') });
  t.after(() => tax.shutdown());
  const platform = await startInProcess({ node: 'platform', dataDir: path.join(root, 'platform'), env: { TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: '20', METRICS_TOKEN: TOKEN } });
  t.after(() => platform.shutdown());

  const n = randomBytes(6).toString('hex');
  const event = { id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id, data: { paymentId: `wx_${n}`, amount: 5000, currency: 'CNY', paidAt: new Date().toISOString(), description: 'metrics' } };
  const hook = await postWebhook(platform.url, event, DEMO_MERCHANT.webhookSecret);
  assert.equal(hook.status, 200);
  const refused = await postWebhook(platform.url, { ...event, id: `evt_x${n}` }, 'whsec_not_the_merchants_secret');
  assert.equal(refused.status, 401);
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(platform.url, 'mutation Apply($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "测试" } }) { id } }', { t: hook.body['applyToken'] });
  const id = applied.data?.applyForInvoice.id ?? '';
  const issued = await postGraphql<{ issueInvoice: { number: string } }>(platform.url, 'mutation Issue($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id }, DEMO_MERCHANT.apiKey);
  assert.ok(issued.data, JSON.stringify(issued.errors));
  const again = await postGraphql(platform.url, 'mutation Issue($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id }, DEMO_MERCHANT.apiKey);
  const againCode = (again.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code ?? '';
  assert.ok(againCode !== '', 'issuing twice is refused with a code');

  // the platform: unprotected scrapes are refused, the token lets one through
  const anonymous = await scrape(platform.url);
  assert.equal(anonymous.status, 401);
  assert.doesNotMatch(anonymous.text, /chain_invoice_/u);
  assert.equal((await scrape(platform.url, 'wrong-token-wrong-token-wrong')).status, 401);
  let p = await scrape(platform.url, TOKEN);
  assert.equal(p.status, 200);
  assert.match(p.type, /^text\/plain; version=0\.0\.4/u);
  await waitFor('the issued entries to be cosigned (seen in the metrics)', async () => {
    p = await scrape(platform.url, TOKEN);
    return (sample(p.text, 'chain_invoice_ledger_cosigned_size') ?? 0) >= 3;
  });
  const size = sample(p.text, 'chain_invoice_ledger_size') ?? -1;
  assert.ok(size >= 3, `ledger size ${size}: payment, applied, issued`);
  assert.ok((sample(p.text, 'chain_invoice_ledger_sealed_size') ?? -1) <= size);
  assert.ok((sample(p.text, 'chain_invoice_ledger_cosigned_size') ?? -1) <= (sample(p.text, 'chain_invoice_ledger_sealed_size') ?? -1));
  assert.equal(typeof sample(p.text, 'chain_invoice_replication_lag_seconds'), 'number');
  assert.equal(sample(p.text, 'chain_invoice_invoices', { status: 'ISSUED' }), 1);
  assert.equal(sample(p.text, 'chain_invoice_invoices', { status: 'APPLIED' }), 0);
  assert.equal(sample(p.text, 'chain_invoice_webhook_outcomes_total', { provider: 'chain-invoice', reason: 'ok' }), 1);
  assert.equal(sample(p.text, 'chain_invoice_webhook_outcomes_total', { provider: 'chain-invoice', reason: 'WEBHOOK.SIGNATURE' }), 1, 'the refusal is counted under its code');
  assert.equal(sample(p.text, 'chain_invoice_http_requests_total', { route: '/graphql', operation: 'Apply', outcome: 'ok' }), 1);
  assert.equal(sample(p.text, 'chain_invoice_http_requests_total', { route: '/graphql', operation: 'Issue', outcome: 'ok' }), 1);
  assert.equal(sample(p.text, 'chain_invoice_http_requests_total', { route: '/graphql', operation: 'Issue', outcome: againCode }), 1);
  assert.ok((sample(p.text, 'chain_invoice_blocks_total', { event: 'sealed' }) ?? 0) >= 1);
  assert.ok((sample(p.text, 'chain_invoice_blocks_total', { event: 'cosigned' }) ?? 0) >= 1);
  assert.ok((sample(p.text, 'chain_invoice_db_commit_seconds_count') ?? 0) >= 3, 'the webhook, applying and issuing each committed');
  assert.equal(typeof sample(p.text, 'nodejs_eventloop_lag_seconds', { service: 'chain-invoice-platform' }), 'number');
  await waitFor('the start-up reconciliation catch-up to be reported', async () => sample((await scrape(platform.url, TOKEN)).text, 'chain_invoice_reconciliation_last_differences', { status: 'CLEAN' }) === 0);

  // the tax node: no token configured, so open; an anonymous 查验 is counted
  const verify = await postGraphql(tax.url, '{ __typename }', {});
  assert.equal(verify.status, 200);
  const tn = await scrape(tax.url);
  assert.equal(tn.status, 200);
  assert.ok((sample(tn.text, 'chain_invoice_tax_blocks_accepted_total') ?? 0) >= 1);
  assert.equal(sample(tn.text, 'chain_invoice_tax_ledger_size', { origin: ORIGIN }), sample(p.text, 'chain_invoice_ledger_cosigned_size') ?? -1);
  assert.ok((sample(tn.text, 'chain_invoice_tax_ledger_lag_seconds', { origin: ORIGIN }) ?? -1) >= 0);
  assert.equal(sample(tn.text, 'chain_invoice_tax_alerts', { kind: 'FORK' }), 0);
  assert.equal(sample(tn.text, 'chain_invoice_tax_public_verify_answered_total'), 1);
  assert.equal(sample(tn.text, 'chain_invoice_tax_public_verify_limited_total', { budget: 'source' }), 0);
  assert.equal(typeof sample(tn.text, 'nodejs_eventloop_lag_seconds', { service: 'chain-invoice-tax-node' }), 'number');
});

test('the tax node\'s /metrics wants the token when METRICS_TOKEN is set', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'chain-invoice-metrics-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tax = await startInProcess({ node: 'tax-node', dataDir: root, env: { METRICS_TOKEN: TOKEN } });
  t.after(() => tax.shutdown());
  assert.equal((await scrape(tax.url)).status, 401);
  const ok = await scrape(tax.url, TOKEN);
  assert.equal(ok.status, 200);
  assert.equal(sample(ok.text, 'chain_invoice_tax_blocks_accepted_total'), 0);
});
