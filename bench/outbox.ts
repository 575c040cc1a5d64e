// `npm run bench -- outbox [--seconds 5] [--concurrency 16] [--events 5000]`
// The outbox (issue 14, out). In one process, as in production: the platform's HTTP app on
// 127.0.0.1 and its dispatcher; the merchants' receiver in a child process (a plain 200).
// 1. Issuing (webhook → apply → issue over HTTP) in three phases of the same run: no endpoint
//    (no event written), an endpoint but no dispatcher (events written, none sent), and with
//    the dispatcher delivering meanwhile. Target: with the dispatcher ≥ 0.9 × without.
// 2. Delivery: a backlog of events drained to the local receiver, for one merchant (at most
//    DEFAULT_PER_MERCHANT deliveries at a time, by design) and for 16 merchants.
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { organisationCheckCharacter, usccCheckCharacter } from '../src/domain/index.js';
import { OutboxDispatcher } from '../src/outbox/index.js';
import { SIGNATURE_HEADER, signWebhook } from '../src/payments/webhook-signature.js';
import { ADMIN_KEY, DEMO_MERCHANT, paymentEvent, startTestPlatform } from '../test/support/platform-harness.js';
import { report } from './_support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '16' }, events: { type: 'string', default: '5000' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const backlog = Number(values.events);

const RECEIVER = "const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>r.end('ok'))});s.keepAliveTimeout=30000;s.listen(0,'127.0.0.1',()=>console.log(s.address().port))";
const receiverProcess = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const receiverPort = await new Promise<number>((resolve) => receiverProcess.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
const receiverUrl = `http://127.0.0.1:${receiverPort}/events`;

const p = await startTestPlatform();
const server = await new Promise<Server>((resolve) => { const s = p.app.listen(0, '127.0.0.1', () => resolve(s)); });
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function gql<T>(query: string, variables: Record<string, unknown>, key: string | null): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function issueOne(): Promise<void> {
  const raw = JSON.stringify(paymentEvent(p.clock));
  const paid = await fetch(`${base}/webhooks/payments/${DEMO_MERCHANT.id}`, {
    method: 'POST', body: raw,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook({ secret: DEMO_MERCHANT.webhookSecret, rawBody: raw, timestamp: Math.floor(p.clock.now().getTime() / 1000) }) },
  });
  const { applyToken } = (await paid.json()) as { applyToken: string };
  const applied = await gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "压测" } }) { id } }', { t: applyToken }, null);
  await gql('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
}

/** Invoices issued per second by `concurrency` clients for `seconds`. */
async function issueRate(): Promise<number> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await issueOne();
      done += 1;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

const countEvents = (status: string): number => p.platform.db.prepare('SELECT COUNT(*) FROM outbox_events WHERE status = ?').pluck().get(status) as number;

console.log(`outbox benchmark: ${concurrency} issuing clients, ${seconds} s per phase, receiver pid ${receiverProcess.pid}, node ${process.version}\n`);
await issueRate(); // warm-up: JIT, SQLite page cache
const noEndpoint = await issueRate();
await gql('mutation($u: String!) { setNotificationEndpoint(url: $u) { url } }', { u: receiverUrl }, DEMO_MERCHANT.apiKey);
// alternating phases, so drift (a growing database, a neighbour on the machine) hits both alike
let withoutSum = 0;
let withSum = 0;
let deliveredDuring = 0;
for (let round = 0; round < 2; round += 1) {
  withoutSum += await issueRate();
  const deliveredBefore = countEvents('DELIVERED');
  const stop = p.platform.startOutbox();
  withSum += await issueRate();
  stop();
  deliveredDuring += countEvents('DELIVERED') - deliveredBefore;
}
const withoutDispatcher = withoutSum / 2;
const withDispatcher = withSum / 2;
const pendingBefore = countEvents('PENDING');
console.log(`issuing, no endpoint (no events):          ${Math.round(noEndpoint)} invoices/s`);
console.log(`issuing, events written, no dispatcher:    ${Math.round(withoutDispatcher)} invoices/s (${pendingBefore} events left pending)`);
console.log(`issuing, dispatcher delivering meanwhile:  ${Math.round(withDispatcher)} invoices/s (${deliveredDuring} events delivered during the phase)`);
console.log('(the receiver runs on this machine too: its CPU is taken from the service, which a real merchant\'s system would not do)');
report('issue rate with dispatcher vs without', `${Math.round(withDispatcher)}/s`, `target ≥ ${Math.round(0.9 * withoutDispatcher)}/s (ratio ${(withDispatcher / withoutDispatcher).toFixed(3)})`, withDispatcher >= 0.9 * withoutDispatcher);
report('cost of writing the event (no dispatcher)', `${Math.round(withoutDispatcher)}/s`, `vs ${Math.round(noEndpoint)}/s without an endpoint (ratio ${(withoutDispatcher / noEndpoint).toFixed(3)})`, withoutDispatcher >= 0.9 * noEndpoint);

// delivery throughput: drain the backlog left over, then a fresh one spread over 16 merchants
async function drain(label: string): Promise<void> {
  const pending = countEvents('PENDING');
  const dispatcher = new OutboxDispatcher({ events: p.platform.outbox.events, endpoints: p.platform.outbox.endpoints, clock: p.clock, commit: (work) => p.platform.writes.submit(work) });
  const started = performance.now();
  await dispatcher.runDue();
  const elapsed = (performance.now() - started) / 1000;
  console.log(`delivered ${label}: ${pending} events in ${elapsed.toFixed(2)} s = ${Math.round(pending / elapsed)} events/s (${countEvents('PENDING')} left pending)`);
}
await drain('backlog of 1 merchant (at most 4 at a time)');
const merchants: string[] = [];
for (let i = 0; i < 16; i += 1) {
  const body8 = `MA01B${String(i).padStart(3, '0')}`;
  const first17 = `91110000${body8}${organisationCheckCharacter(body8)}`;
  const uscc = `${first17}${usccCheckCharacter(first17)}`;
  const reg = await gql<{ registerMerchant: { merchant: { id: string } } }>(
    'mutation($n: String!, $t: String!) { registerMerchant(input: { name: $n, taxpayerId: $t, region: "110000", autoIssue: false, defaultTaxRate: RATE_13, defaultTaxCode: "1090101010000000000" }) { merchant { id } } }',
    { n: `bench ${i}`, t: uscc }, ADMIN_KEY,
  );
  merchants.push(reg.registerMerchant.merchant.id);
}
for (const m of merchants) {
  await gql('mutation($m: ID, $u: String!) { setNotificationEndpoint(merchantId: $m, url: $u) { url } }', { m, u: receiverUrl }, ADMIN_KEY);
}
p.platform.uow.run(() => {
  for (let i = 0; i < backlog; i += 1) p.platform.outbox.writer.append({ merchantId: merchants[i % merchants.length] as string, type: 'invoice.issued', data: { n: i } });
});
await drain(`backlog of ${merchants.length} merchants (in parallel)`);

server.close();
server.closeAllConnections();
await p.close();
receiverProcess.kill();
