// Every bad delivery is refused with its status and changes nothing: no row, no ledger entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signWebhook } from '../../src/payments/index.js';
import { startTestPlatform, paymentEvent, refundEvent, counts, DEMO_MERCHANT, ADMIN_KEY, type TestPlatform } from '../support/platform-harness.js';

async function refusedWithoutEffect(p: TestPlatform, send: () => Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<void> {
  const before = counts(p.platform);
  const res = await send();
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal((res.body as { error: { code: string } }).error.code, code);
  assert.doesNotMatch(JSON.stringify(res.body), /whsec_|stack|\.ts:/u, 'no secret or internals in the answer');
  assert.deepEqual(counts(p.platform), before, 'nothing was written');
}

test('bad signatures, stale or future timestamps, unknown merchants and malformed bodies change nothing', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const now = Math.floor(p.clock.now().getTime() / 1000);
  const event = paymentEvent(p.clock);
  const raw = JSON.stringify(event);
  await refusedWithoutEffect(p, () => p.webhook(event, { secret: 'whsec_wrong' }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook(event, { header: null }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook(event, { header: 't=abc,v1=zz' }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook(event, { timestamp: now - 301 }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook(event, { timestamp: now + 301 }), 401, 'WEBHOOK.SIGNATURE');
  // signed over a different body than the one sent
  await refusedWithoutEffect(p, () => p.webhook(event, { header: signWebhook({ secret: DEMO_MERCHANT.webhookSecret, rawBody: `${raw} `, timestamp: now }) }), 401, 'WEBHOOK.SIGNATURE');
  // issue 10, finding 14: an unknown merchant is answered exactly as a bad signature (was WEBHOOK.UNKNOWN_MERCHANT)
  await refusedWithoutEffect(p, () => p.webhook({ ...event, merchantId: 'm_nobody' }), 401, 'WEBHOOK.SIGNATURE');
  await refusedWithoutEffect(p, () => p.webhook({}, { raw: '{"merchantId":"m_demo", not json' }), 400, 'WEBHOOK.MALFORMED');
  const data = event['data'] as Record<string, unknown>;
  for (const broken of [
    { ...event, type: 'payment.exploded' },
    { ...event, id: 'not-an-event-id' },
    { ...event, data: { ...data, amount: 12.5 } },
    { ...event, data: { ...data, amount: -100 } },
    { ...event, data: { ...data, currency: 'USD' } },
    { ...event, data: { ...data, paidAt: 'yesterday' } },
    { ...event, data: { ...data, items: [{ name: 'x', quantity: 1, unitPrice: 100, taxRate: '13%', taxCode: '1090101010000000000' }] } },
    { ...event, data: { ...data, items: [{ name: 'x', quantity: 1, unitPrice: 12800, taxRate: '17%', taxCode: '1090101010000000000' }] } },
  ]) {
    await refusedWithoutEffect(p, () => p.webhook(broken), 400, 'WEBHOOK.MALFORMED');
  }
});

test('a replay of the same event is answered 200 with the same body and no new effect; a changed body is 409', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock);
  const first = await p.webhook(event);
  assert.equal(first.status, 200);
  const after = counts(p.platform);
  const replay = await p.webhook(event);
  assert.equal(replay.status, 200);
  assert.equal(replay.headers['chain-invoice-replayed'], 'true');
  assert.deepEqual(replay.body, first.body);
  assert.deepEqual(counts(p.platform), after);
  await refusedWithoutEffect(p, () => p.webhook({ ...event, data: { ...(event['data'] as object), amount: 99 } }), 409, 'WEBHOOK.EVENT_CONFLICT');
  // the same provider payment under a new event id is a conflict too
  await refusedWithoutEffect(p, () => p.webhook({ ...event, id: 'evt_another' }), 409, 'PAYMENT.DUPLICATE');
});

test('refunds: recorded up to what remains; more is 422; unknown payments are 422', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock, { amount: 1000 });
  await p.webhook(event);
  const providerId = (event['data'] as { paymentId: string }).paymentId;
  const partial = await p.webhook(refundEvent(p.clock, providerId, 400));
  assert.equal(partial.status, 200);
  assert.deepEqual([(partial.body as { refunded: number }).refunded, (partial.body as { remaining: number }).remaining], [400, 600]);
  await refusedWithoutEffect(p, () => p.webhook(refundEvent(p.clock, providerId, 601)), 422, 'PAYMENT.REFUND_EXCEEDS_REMAINING');
  await refusedWithoutEffect(p, () => p.webhook(refundEvent(p.clock, 'wx_unknown', 1)), 422, 'PAYMENT.UNKNOWN');
  assert.equal((await p.webhook(refundEvent(p.clock, providerId, 600))).status, 200);
  assert.equal(counts(p.platform).refunded, 1000);
});

test('100 concurrent deliveries of one event make exactly one payment and one ledger entry', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const server = p.app.listen(0, '127.0.0.1');
  t.after(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const event = paymentEvent(p.clock);
  const raw = JSON.stringify(event);
  const header = signWebhook({ secret: DEMO_MERCHANT.webhookSecret, rawBody: raw, timestamp: Math.floor(p.clock.now().getTime() / 1000) });
  const responses = await Promise.all(
    Array.from({ length: 100 }, () =>
      fetch(`http://127.0.0.1:${port}/webhooks/payments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Chain-Invoice-Signature': header }, body: raw }).then(async (r) => ({ status: r.status, body: await r.text() })),
    ),
  );
  assert.deepEqual([...new Set(responses.map((r) => r.status))], [200]);
  assert.equal(new Set(responses.map((r) => r.body)).size, 1, 'every answer names the same payment and token');
  const c = counts(p.platform);
  assert.deepEqual([c.payments, c.events, c.ledger], [1, 1, 1]);
});

test('after rotation the old secret works during the overlap and not after it', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const rotated = await p.gql<{ rotateWebhookSecret: { webhookSecret: string; previousValidUntil: string } }>(
    'mutation { rotateWebhookSecret { webhookSecret previousValidUntil } }', {}, DEMO_MERCHANT.apiKey,
  );
  const secret = rotated.data?.rotateWebhookSecret.webhookSecret as string;
  assert.match(secret, /^whsec_/u);
  assert.equal((await p.webhook(paymentEvent(p.clock), { secret: DEMO_MERCHANT.webhookSecret })).status, 200, 'old secret inside the overlap');
  assert.equal((await p.webhook(paymentEvent(p.clock), { secret })).status, 200, 'new secret');
  p.clock.advance(3601 * 1000);
  await refusedWithoutEffect(p, () => p.webhook(paymentEvent(p.clock), { secret: DEMO_MERCHANT.webhookSecret }), 401, 'WEBHOOK.SIGNATURE');
  assert.equal((await p.webhook(paymentEvent(p.clock), { secret })).status, 200);
  const admin = await p.gql('mutation { rotateWebhookSecret(merchantId: "m_demo") { webhookSecret } }', {}, ADMIN_KEY);
  assert.equal(admin.errors, undefined);
});
