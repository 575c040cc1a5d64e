// The booted service delivers its outbox by itself (the dispatcher started in boot.ts), and a
// delivery cut off by shutdown is sent again after the next start on the same DATA_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_ID_HEADER } from '../../src/outbox/index.js';
import { SIGNATURE_HEADER, signWebhook } from '../../src/payments/webhook-signature.js';
import { systemClock } from '../../src/domain/index.js';
import { ManualClock } from '../support/ledger-fixture.js';
import { DEMO_MERCHANT, paymentEvent } from '../support/platform-harness.js';
import { startInProcess, type InProcessNode } from '../support/in-process.js';
import { startEventReceiver } from '../support/event-receiver.js';
import { waitFor } from '../support/wait.js';

async function gql<T>(node: InProcessNode, query: string, variables: Record<string, unknown>, key: string | null): Promise<T> {
  const res = await fetch(`${node.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

test('the running service delivers by itself, and an event cut off by shutdown is delivered after a restart', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-outbox-boot-'));
  // the first request is held open until shutdown cuts it off; the next is accepted
  const receiver = await startEventReceiver(systemClock, (n) => (n === 1 ? 'hang' : 200));
  let node = await startInProcess({ node: 'platform', dataDir });
  t.after(async () => { await node.shutdown(); await receiver.close(); rmSync(dataDir, { recursive: true, force: true }); });

  await gql(node, 'mutation($u: String!) { setNotificationEndpoint(url: $u) { secret } }', { u: receiver.url }, DEMO_MERCHANT.apiKey);
  const raw = JSON.stringify(paymentEvent(new ManualClock(Date.now())));
  const paid = await fetch(`${node.url}/webhooks/payments/${DEMO_MERCHANT.id}`, {
    method: 'POST', body: raw,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook({ secret: DEMO_MERCHANT.webhookSecret, rawBody: raw, timestamp: Math.floor(Date.now() / 1000) }) },
  });
  const { applyToken } = (await paid.json()) as { applyToken: string };
  const applied = await gql<{ applyForInvoice: { id: string } }>(node, 'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: applyToken }, null);
  await gql(node, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey);

  await waitFor('the dispatcher to send the event', () => receiver.hanging === 1);
  await node.shutdown();
  node = await startInProcess({ node: 'platform', dataDir });
  await waitFor('the event to be sent again after the restart', () => receiver.received.length === 2);
  const [cut, resent] = receiver.received;
  assert.equal(resent?.headers[EVENT_ID_HEADER.toLowerCase()], cut?.headers[EVENT_ID_HEADER.toLowerCase()]);
  assert.equal(resent?.body.toString('utf8'), cut?.body.toString('utf8'));
  type Listed = { status: string; attempts: Array<{ statusCode: number }> };
  let listed: Listed | undefined;
  await waitFor('the delivery to be recorded', async () => {
    const data = await gql<{ notificationDeliveries: { edges: Array<{ node: Listed }> } }>(
      node, '{ notificationDeliveries { edges { node { status attempts { statusCode } } } } }', {}, DEMO_MERCHANT.apiKey,
    );
    listed = data.notificationDeliveries.edges[0]?.node;
    return listed?.status === 'DELIVERED';
  });
  // the cut-off request was never an attempt: one attempt, delivered
  assert.deepEqual(listed?.attempts.map((a) => a.statusCode), [200]);
});
