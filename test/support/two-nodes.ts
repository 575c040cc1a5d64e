// A tax node and a platform replicating to it, booted in this process by their real boot code
// on real ports of 127.0.0.1 (fast blocks), plus a payment that becomes an issued invoice.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startInProcess, type InProcessNode } from './in-process.js';
import { DEMO_MERCHANT } from './platform-harness.js';
import { postGraphql, postWebhook } from './process.js';
import { waitFor } from './wait.js';

export interface TwoNodes {
  readonly platform: InProcessNode;
  readonly tax: InProcessNode;
}

export async function startTwoNodes(t: { after: (fn: () => unknown) => void }, taxEnv: Record<string, string> = {}): Promise<TwoNodes> {
  const taxDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-pages-tax-'));
  const platformDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-pages-platform-'));
  const tax = await startInProcess({ node: 'tax-node', dataDir: taxDir, env: taxEnv });
  const platform = await startInProcess({ node: 'platform', dataDir: platformDir, env: { TAX_NODE_URL: tax.url, TAX_NODE_PUBLIC_URL: tax.url, BLOCK_INTERVAL_MS: '50' } });
  t.after(async () => {
    await platform.shutdown();
    await tax.shutdown();
    rmSync(taxDir, { recursive: true, force: true });
    rmSync(platformDir, { recursive: true, force: true });
  });
  return { platform, tax };
}

/** A payment of `amount` fen with two items; its apply token and applyUrl. */
export async function pay(platformUrl: string, amount = 12800): Promise<{ applyToken: string; applyUrl: string }> {
  const n = randomBytes(6).toString('hex');
  const half = Math.floor(amount / 2);
  const hook = await postWebhook(platformUrl, {
    id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id,
    data: {
      paymentId: `wx_${n}`, amount, currency: 'CNY', paidAt: new Date().toISOString(), description: '咖啡',
      items: [
        { name: '拿铁咖啡', quantity: 1, unitPrice: half, taxRate: '6%', taxCode: '3070401000000000000' },
        { name: '可颂', quantity: 1, unitPrice: amount - half, taxRate: '6%', taxCode: '3070401000000000000' },
      ],
    },
  }, DEMO_MERCHANT.webhookSecret);
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  return { applyToken: hook.body['applyToken'] as string, applyUrl: hook.body['applyUrl'] as string };
}

export interface IssuedInvoice { id: string; number: string; issueDate: string; gross: string; applyToken: string }

/** Pays, applies with the token and has the merchant issue; waits until the tax node cosigned it. */
export async function issueCosigned(nodes: TwoNodes, amount = 12800): Promise<IssuedInvoice> {
  const { applyToken } = await pay(nodes.platform.url, amount);
  const applied = await postGraphql<{ applyForInvoice: { id: string; status: string } }>(nodes.platform.url,
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方公司", taxpayerId: "91440300MA5BUYER26" } }) { id status } }', { t: applyToken });
  assert.ok(applied.data, JSON.stringify(applied.errors));
  let invoice = applied.data.applyForInvoice;
  if (invoice.status === 'APPLIED') {
    const issued = await postGraphql<{ issueInvoice: { id: string; status: string } }>(nodes.platform.url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { id status } }', { id: invoice.id }, DEMO_MERCHANT.apiKey);
    assert.ok(issued.data, JSON.stringify(issued.errors));
    invoice = issued.data.issueInvoice;
  }
  const read = async () => (await postGraphql<{ invoice: { number: string; issueDate: string; gross: string; final: boolean } }>(nodes.platform.url,
    'query($id: ID!) { invoice(id: $id) { number issueDate gross final } }', { id: invoice.id }, DEMO_MERCHANT.apiKey)).data?.invoice;
  await waitFor('the invoice cosigned by the tax node', async () => (await read())?.final === true);
  const done = await read();
  assert.ok(done);
  return { id: invoice.id, number: done.number, issueDate: done.issueDate, gross: done.gross, applyToken };
}
