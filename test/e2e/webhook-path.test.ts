// Issue 11 item 6: /webhooks/payments/:merchantId verifies the raw bytes against the path's
// merchant before anything is parsed; the deprecated /webhooks/payments keeps working.
// Hardening follow-up: a payment whose invoice could not fit in a ledger entry is refused at ingest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { MAX_ENTRY_BYTES } from '../../src/ledger/index.js';
import { parsePaymentEvent, signWebhook, worstCaseInvoiceEntryBytes, type PaymentEvent } from '../../src/payments/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { counts, DEMO_MERCHANT, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

async function refusedWithoutEffect(p: TestPlatform, send: () => Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<void> {
  const before = counts(p.platform);
  const res = await send();
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal((res.body as { error: { code: string } }).error.code, code);
  assert.deepEqual(counts(p.platform), before, 'nothing was written');
}

test('bytes that are not JSON but wrongly signed are refused 401 (verified before parsed), not 400', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await refusedWithoutEffect(p, () => p.webhook({}, { raw: 'not json at all', secret: 'whsec_wrong' }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook({}, { raw: '{"merchantId":', header: null }), 401, 'WEBHOOK.SIGNATURE');
  // correctly signed, the same bytes are a 400
  await refusedWithoutEffect(p, () => p.webhook({}, { raw: 'not json at all' }), 400, 'WEBHOOK.MALFORMED');
  // an unknown merchant in the path: the same single 401
  await refusedWithoutEffect(p, () => p.webhook({}, { raw: 'not json at all', merchant: 'm_nobody' }), 401, 'WEBHOOK.SIGNATURE');
});

test('a body naming another merchant than the path is 401 with nothing written; a body naming none takes the path\'s', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock);
  // signed with the demo merchant's secret, sent on its own path, but naming someone else
  await refusedWithoutEffect(p, () => p.webhook({ ...event, merchantId: 'm_other' }, { merchant: DEMO_MERCHANT.id }), 401, 'WEBHOOK.SIGNATURE');
  // naming the demo merchant, sent on another merchant's path
  await refusedWithoutEffect(p, () => p.webhook(event, { merchant: 'm_other' }), 401, 'WEBHOOK.SIGNATURE');
  const { merchantId: _dropped, ...anonymous } = event;
  const res = await p.webhook(anonymous, { merchant: DEMO_MERCHANT.id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(p.platform.payments.get((res.body as { paymentId: string }).paymentId)?.merchantId, DEMO_MERCHANT.id);
  assert.equal(res.headers['deprecation'], undefined);
});

test('the deprecated path still records, and says it is deprecated', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const res = await p.webhook(paymentEvent(p.clock), { legacy: true });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(String(res.headers['deprecation']), /^@\d+$/u);
  assert.match(String(res.headers['link']), /successor-version/u);
  assert.equal(counts(p.platform).payments, 1);
});

test('a replay, later, gets the identical answer (rebuilt from the stored outcome, not a stored response)', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock);
  const raw = JSON.stringify(event);
  const header = signWebhook({ secret: DEMO_MERCHANT.webhookSecret, rawBody: raw, timestamp: Math.floor(p.clock.now().getTime() / 1000) });
  const first = await p.webhook(event, { header });
  assert.equal(first.status, 200);
  p.clock.advance(120_000);
  const replay = await p.webhook(event, { header });
  assert.equal(replay.status, 200);
  assert.equal(replay.headers['chain-invoice-replayed'], 'true');
  assert.deepEqual(replay.body, first.body);
  const stored = p.platform.db.prepare('SELECT outcome_json FROM webhook_events').pluck().get() as string;
  assert.doesNotMatch(stored, /applyToken|applyUrl/u, 'no HTTP answer, no token stored');
});

// Names made of `"`: each is two bytes once JSON-escaped, the worst case of the text policy.
function quotedItems(quotes: number): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  for (let left = quotes; left > 0; left -= 600) {
    items.push({ name: '"'.repeat(Math.min(600, left)), quantity: 1, unitPrice: 100, taxRate: '13%', taxCode: '1090101010000000000' });
  }
  return items;
}

test('the largest payment accepted is invoiced with a maximal buyer name; one byte more is refused with nothing written', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const clock = { now: p.clock.now(), toleranceSeconds: 300 };
  const sizeOf = (quotes: number): number => {
    const items = quotedItems(quotes);
    const event = parsePaymentEvent(paymentEvent(p.clock, { amount: items.length * 100, items }), clock) as Extract<PaymentEvent, { type: 'payment.succeeded' }>;
    return worstCaseInvoiceEntryBytes(event);
  };
  // the largest number of `"` that fits (sizes grow with every quote)
  let lo = 1;
  let hi = 200 * 600;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sizeOf(mid) <= MAX_ENTRY_BYTES) lo = mid;
    else hi = mid - 1;
  }
  const tooBig = quotedItems(lo + 1);
  await refusedWithoutEffect(p, async () => {
    const res = await p.webhook(paymentEvent(p.clock, { amount: tooBig.length * 100, items: tooBig }));
    assert.equal((res.body as { error: { field: string } }).error.field, 'data.items');
    assert.match((res.body as { error: { message: string } }).error.message, /too large to invoice/u);
    return res;
  }, 400, 'WEBHOOK.MALFORMED');

  const largest = quotedItems(lo);
  const paid = await p.webhook(paymentEvent(p.clock, { amount: largest.length * 100, items: largest }));
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($t: String!, $n: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: $n, taxpayerId: "91440300MA5BUYER26" } }) { id } }',
    { t: (paid.body as { applyToken: string }).applyToken, n: '"'.repeat(300) },
  );
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  const issued = await p.gql<{ issueInvoice: { status: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { status } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  assert.equal(issued.data?.issueInvoice.status, 'ISSUED');
  assert.deepEqual(checkProjections(p.platform.db).differences, []);
});

test('a raw request to the new path with an empty merchant segment is not routed to a merchant', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const res = await request(p.app).post('/webhooks/payments/').set('Content-Type', 'application/json').send('{}');
  assert.notEqual(res.status, 200);
  assert.equal(counts(p.platform).payments, 0);
});
