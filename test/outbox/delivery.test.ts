// Delivering the outbox to merchants' systems: real HTTP receivers on 127.0.0.1, real SQLite,
// real HMAC signatures checked with our own inbound verifier. The clock is injected, so the
// retry schedule is checked by moving it rather than by waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlatform } from '../../src/platform/platform.js';
import { createHttpSender, EVENT_ID_HEADER, MAX_ATTEMPTS, OutboxDispatcher, RETRY_DELAYS_SECONDS, type OutboxEvent } from '../../src/outbox/index.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/payments/webhook-signature.js';
import { ADMIN_KEY, DEMO_MERCHANT, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';
import { startEventReceiver } from '../support/event-receiver.js';
import { waitFor } from '../support/wait.js';

async function setEndpoint(p: TestPlatform, url: string, key = DEMO_MERCHANT.apiKey): Promise<string> {
  const r = await p.gql<{ setNotificationEndpoint: { secret: string } }>('mutation($u: String!) { setNotificationEndpoint(url: $u) { secret } }', { u: url }, key);
  assert.equal(r.errors, undefined);
  return r.data?.setNotificationEndpoint.secret as string;
}

/** A paid, applied and issued invoice of the demo merchant, through the real webhook and GraphQL. */
async function issueOne(p: TestPlatform): Promise<{ id: string; number: string }> {
  const { applyToken } = (await p.webhook(paymentEvent(p.clock))).body as { applyToken: string };
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: applyToken });
  const issued = await p.gql<{ issueInvoice: { id: string; number: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.equal(issued.errors, undefined);
  return issued.data?.issueInvoice as { id: string; number: string };
}

function dispatcherOf(p: TestPlatform, options: { maxInFlight?: number; perMerchant?: number; timeoutMs?: number } = {}): OutboxDispatcher {
  return new OutboxDispatcher({
    events: p.platform.outbox.events, endpoints: p.platform.outbox.endpoints, clock: p.clock,
    ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
    ...(options.perMerchant ? { perMerchant: options.perMerchant } : {}),
    ...(options.timeoutMs ? { send: createHttpSender(options.timeoutMs) } : {}),
  });
}

function onlyEvent(p: TestPlatform): OutboxEvent {
  const events = p.platform.outbox.events.page({}, 0, 10);
  assert.equal(events.length, 1);
  return events[0] as OutboxEvent;
}

test('a receiver that fails three times and then accepts: attempts at +0, +15 s, +30 s, +60 s, the fourth delivered, each signed and verifiable', async (t) => {
  const p = await startTestPlatform();
  const receiver = await startEventReceiver(p.clock, (n) => (n <= 3 ? 500 : 204));
  t.after(async () => { await receiver.close(); await p.close(); });
  const secret = await setEndpoint(p, receiver.url);
  const invoice = await issueOne(p);
  const t0 = p.clock.now().getTime();
  const dispatcher = dispatcherOf(p);

  await dispatcher.runDue();
  assert.equal(receiver.received.length, 1);
  // one millisecond early, nothing is sent
  p.clock.advance(15_000 - 1);
  await dispatcher.runDue();
  assert.equal(receiver.received.length, 1);
  p.clock.advance(1);
  await dispatcher.runDue();
  p.clock.advance(15_000);
  await dispatcher.runDue();
  p.clock.advance(29_999);
  await dispatcher.runDue();
  assert.equal(receiver.received.length, 3);
  p.clock.advance(1);
  await dispatcher.runDue();

  assert.deepEqual(receiver.received.map((r) => (r.atMs - t0) / 1000), [0, 15, 30, 60]);
  const event = onlyEvent(p);
  assert.equal(event.status, 'DELIVERED');
  assert.equal(event.attempts, 4);
  const body = JSON.parse(event.body) as { id: string; type: string; data: { invoiceId: string; number: string } };
  assert.equal(body.type, 'invoice.issued');
  assert.deepEqual([body.data.invoiceId, body.data.number], [invoice.id, invoice.number]);
  for (const r of receiver.received) {
    // the same bytes every time, the event id in a header, and a signature our own inbound verifier accepts
    assert.equal(r.body.toString('utf8'), event.body);
    assert.equal(r.headers[EVENT_ID_HEADER.toLowerCase()], event.id);
    verifyWebhookSignature({ header: r.headers[SIGNATURE_HEADER.toLowerCase()] as string, rawBody: r.body, secrets: [secret], nowSeconds: Math.floor(r.atMs / 1000) });
    assert.throws(() => verifyWebhookSignature({ header: r.headers[SIGNATURE_HEADER.toLowerCase()] as string, rawBody: r.body, secrets: ['whsec_other'], nowSeconds: Math.floor(r.atMs / 1000) }), { code: 'WEBHOOK.SIGNATURE' });
  }

  const listed = await p.gql<{ notificationDeliveries: { edges: Array<{ node: { eventId: string; status: string; attempts: Array<{ number: number; statusCode: number; error: string | null }> } }> } }>(
    '{ notificationDeliveries { edges { node { eventId status attempts { number statusCode error } } } } }', {}, DEMO_MERCHANT.apiKey,
  );
  const node = listed.data?.notificationDeliveries.edges[0]?.node;
  assert.equal(node?.eventId, event.id);
  assert.equal(node?.status, 'DELIVERED');
  assert.deepEqual(node?.attempts.map((a) => [a.number, a.statusCode, a.error]), [
    [1, 500, 'answered HTTP 500; only 2xx counts as delivered'], [2, 500, 'answered HTTP 500; only 2xx counts as delivered'],
    [3, 500, 'answered HTTP 500; only 2xx counts as delivered'], [4, 204, null],
  ]);
});

test('after the whole schedule the event is dead, shown so, and a redelivery tries it once more', async (t) => {
  const p = await startTestPlatform();
  let accept = false;
  const receiver = await startEventReceiver(p.clock, () => (accept ? 200 : 503));
  t.after(async () => { await receiver.close(); await p.close(); });
  await setEndpoint(p, receiver.url);
  await issueOne(p);
  const t0 = p.clock.now().getTime();
  const dispatcher = dispatcherOf(p);
  await dispatcher.runDue();
  for (let i = 0; onlyEvent(p).status === 'PENDING'; i += 1) {
    assert.ok(i < 100, 'the schedule ends');
    p.clock.ms = onlyEvent(p).nextAttemptMs as number;
    await dispatcher.runDue();
  }
  const dead = onlyEvent(p);
  assert.equal(dead.status, 'DEAD');
  assert.equal(dead.attempts, MAX_ATTEMPTS);
  assert.equal(MAX_ATTEMPTS, 16);
  let offset = 0;
  const expected = [0, ...RETRY_DELAYS_SECONDS.map((d) => (offset += d))];
  assert.deepEqual(receiver.received.map((r) => (r.atMs - t0) / 1000), expected);
  assert.equal(expected.at(-1), 15 + 15 + 30 + 180 + 600 + 1200 + 1800 * 3 + 3600 + 10800 * 3 + 21600 * 2);

  // nothing more happens by itself, however long we wait
  p.clock.advance(7 * 86_400_000);
  await dispatcher.runDue();
  assert.equal(receiver.received.length, 16);

  const shown = await p.gql<{ notificationDeliveries: { edges: Array<{ node: { status: string; nextAttemptAt: string | null } }> } }>(
    '{ notificationDeliveries(status: DEAD) { edges { node { status nextAttemptAt } } } }', {}, DEMO_MERCHANT.apiKey,
  );
  assert.deepEqual(shown.data?.notificationDeliveries.edges.map((e) => e.node), [{ status: 'DEAD', nextAttemptAt: null }]);

  accept = true;
  const again = await p.gql<{ redeliverNotification: { status: string } }>('mutation($id: ID!) { redeliverNotification(eventId: $id) { status } }', { id: dead.id }, DEMO_MERCHANT.apiKey);
  assert.equal(again.data?.redeliverNotification.status, 'PENDING');
  await dispatcher.runDue();
  assert.equal(onlyEvent(p).status, 'DELIVERED');
  assert.equal(onlyEvent(p).attempts, 17);
});

test('a dead endpoint of merchant A does not delay merchant B', async (t) => {
  const p = await startTestPlatform();
  const hangingA = await startEventReceiver(p.clock, () => 'hang');
  const acceptingB = await startEventReceiver(p.clock, () => 200);
  t.after(async () => { await hangingA.close(); await acceptingB.close(); await p.close(); });
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string } }>(
    'mutation { registerMerchant(input: { name: "B 商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey } }',
    {}, ADMIN_KEY,
  );
  const merchantB = reg.data?.registerMerchant.merchant.id as string;
  await setEndpoint(p, hangingA.url);
  await setEndpoint(p, acceptingB.url, reg.data?.registerMerchant.apiKey);
  // A has a backlog far larger than the dispatcher's slots; B's one event comes last
  const { writer } = p.platform.outbox;
  p.platform.uow.run(() => {
    for (let i = 0; i < 50; i += 1) writer.append({ merchantId: DEMO_MERCHANT.id, type: 'invoice.issued', data: { n: i } });
    writer.append({ merchantId: merchantB, type: 'invoice.issued', data: { n: 0 } });
  });
  const dispatcher = dispatcherOf(p, { maxInFlight: 4, perMerchant: 3 });
  t.after(() => dispatcher.stop());
  dispatcher.pump();
  await waitFor('merchant B to receive its event', () => acceptingB.received.length === 1);
  await waitFor('B\'s delivery to be recorded', () => p.platform.outbox.events.page({ merchantId: merchantB }, 0, 1)[0]?.status === 'DELIVERED');
  // A's endpoint holds exactly perMerchant requests: one merchant never takes every slot
  await waitFor('A\'s deliveries to be under way', () => hangingA.hanging === 3);
  assert.deepEqual([...dispatcher.busyMerchants], [[DEMO_MERCHANT.id, 3]]);
  assert.equal(acceptingB.received.length, 1);
});

test('a receiver that does not answer in time has failed, in our words; a redirect is not a delivery', async (t) => {
  const p = await startTestPlatform();
  const slow = await startEventReceiver(p.clock, () => 'hang');
  t.after(async () => { await slow.close(); await p.close(); });
  await setEndpoint(p, slow.url);
  await issueOne(p);
  // the production timeout is DELIVERY_TIMEOUT_MS (10 s); the mechanism is the same at 200 ms
  await dispatcherOf(p, { timeoutMs: 200 }).runDue();
  const [attempt] = p.platform.outbox.events.attempts([onlyEvent(p).id]).get(onlyEvent(p).id) ?? [];
  assert.deepEqual([attempt?.statusCode, attempt?.error], [null, 'no answer within 0.2 s']);
  assert.equal(onlyEvent(p).status, 'PENDING');

  const moved = await startEventReceiver(p.clock, () => 302);
  t.after(() => moved.close());
  await setEndpoint(p, moved.url);
  p.clock.advance(15_000);
  await dispatcherOf(p).runDue();
  const attempts = p.platform.outbox.events.attempts([onlyEvent(p).id]).get(onlyEvent(p).id) ?? [];
  assert.deepEqual([attempts[1]?.statusCode, onlyEvent(p).status], [302, 'PENDING']);

  const gone = await startEventReceiver(p.clock, () => 200);
  await gone.close();
  await setEndpoint(p, gone.url);
  p.clock.advance(30_000);
  await dispatcherOf(p).runDue();
  const third = (p.platform.outbox.events.attempts([onlyEvent(p).id]).get(onlyEvent(p).id) ?? [])[2];
  assert.deepEqual([third?.statusCode, third?.error], [null, 'connection refused']);
});

test('an event written in a transaction that rolls back is never sent', async (t) => {
  const p = await startTestPlatform();
  const receiver = await startEventReceiver(p.clock, () => 200);
  t.after(async () => { await receiver.close(); await p.close(); });
  await setEndpoint(p, receiver.url);
  const { writer } = p.platform.outbox;
  assert.throws(() => p.platform.uow.run(() => {
    writer.append({ merchantId: DEMO_MERCHANT.id, type: 'invoice.issued', data: { rolledBack: true } });
    throw new Error('the state change failed');
  }), /the state change failed/u);
  // in a group commit, the failing unit's savepoint takes its event; its neighbour commits
  const outcomes = await Promise.allSettled([
    p.platform.writes.submit(() => { writer.append({ merchantId: DEMO_MERCHANT.id, type: 'invoice.issued', data: { rolledBack: true } }); throw new Error('refused'); }),
    p.platform.writes.submit(() => writer.append({ merchantId: DEMO_MERCHANT.id, type: 'invoice.issued', data: { rolledBack: false } })),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'fulfilled']);
  // a refused issue (already issued) writes no event either
  const invoice = await issueOne(p);
  const refused = await p.gql('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: invoice.id }, DEMO_MERCHANT.apiKey);
  assert.ok(refused.errors);

  await dispatcherOf(p).runDue();
  const sent = receiver.received.map((r) => JSON.parse(r.body.toString('utf8')) as { data: { rolledBack?: boolean; invoiceId?: string } });
  assert.deepEqual(sent.map((b) => b.data.rolledBack ?? b.data.invoiceId), [false, invoice.id]);
});

test('restarts lose nothing: the schedule resumes from the outbox, and an attempt cut off by shutdown is sent again', async (t) => {
  const p = await startTestPlatform();
  const receiver = await startEventReceiver(p.clock, (n) => (n <= 2 ? 500 : n === 3 ? 'hang' : 200));
  t.after(async () => { await receiver.close(); await p.close(); });
  await setEndpoint(p, receiver.url);
  await issueOne(p);
  const t0 = p.clock.now().getTime();
  const first = dispatcherOf(p);
  await first.runDue();
  p.clock.advance(15_000);
  await first.runDue();
  assert.equal(onlyEvent(p).attempts, 2);
  // the third attempt (due at +30 s) is under way when the platform shuts down
  p.clock.advance(15_000);
  first.pump();
  await waitFor('the third request to arrive', () => receiver.hanging === 1);
  first.stop();
  p.platform.close();

  const reopened = openPlatform(p.platform.options);
  t.after(() => reopened.close());
  const event = reopened.outbox.events.page({}, 0, 10)[0] as OutboxEvent;
  assert.deepEqual([event.status, event.attempts, event.nextAttemptMs], ['PENDING', 2, t0 + 30_000]);
  const second = new OutboxDispatcher({ events: reopened.outbox.events, endpoints: reopened.outbox.endpoints, clock: p.clock });
  await second.runDue();
  const delivered = reopened.outbox.events.get(event.id) as OutboxEvent;
  assert.deepEqual([delivered.status, delivered.attempts], ['DELIVERED', 3]);
  assert.equal(receiver.received.length, 4);
  assert.ok(receiver.received.every((r) => r.headers[EVENT_ID_HEADER.toLowerCase()] === event.id));
});

test('started, the dispatcher runs on the injected timers: each wake-up delivers what is due, stop clears the timer', async (t) => {
  const p = await startTestPlatform();
  const receiver = await startEventReceiver(p.clock, (n) => (n === 1 ? 500 : 200));
  t.after(async () => { await receiver.close(); await p.close(); });
  await setEndpoint(p, receiver.url);
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers = {
    set: (fn: () => void, ms: number) => { pending.set(++next, { fn, ms }); return next; },
    clear: (handle: unknown) => { pending.delete(handle as number); },
  };
  const fire = (): void => {
    const due = [...pending.entries()];
    pending.clear();
    for (const [, timer] of due) timer.fn();
  };
  const dispatcher = new OutboxDispatcher({ events: p.platform.outbox.events, endpoints: p.platform.outbox.endpoints, clock: p.clock, timers, pollMs: 500 });
  const stop = dispatcher.start();
  await issueOne(p);
  fire();
  await waitFor('the first attempt to be recorded', () => onlyEvent(p).attempts === 1);
  // the retry is not due until the injected clock says so, however often the timer fires
  fire();
  fire();
  assert.equal(receiver.received.length, 1);
  assert.ok([...pending.values()].every((timer) => timer.ms <= 500));
  p.clock.advance(15_000);
  fire();
  await waitFor('the retry to be delivered', () => onlyEvent(p).status === 'DELIVERED');
  stop();
  assert.equal(pending.size, 0);
});
