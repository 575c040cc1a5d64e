// Issue 10, finding 3: the public 查验 (verifyInvoice without a key). Its limits live in fixed
// memory, so churning source addresses cannot reset them; anonymous traffic as a whole has a
// budget too; and an anonymous caller cannot tell an unknown invoice number from a wrong date
// or amount. Real HTTP against the real tax node app; the source key is injected (all test
// traffic comes from 127.0.0.1) and the clock is a manual one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from 'express';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { sourceKeyOf } from '../../src/shared/rate-limit.js';
import type { LedgerEntry } from '../../src/ledger/index.js';
import { createLedgerFixture } from '../support/ledger-fixture.js';
import { DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';
import { startTaxNodeServer } from '../support/tax-node-server.js';

const ORIGIN = 'demo.chain-invoice.local/ledger';
const NUMBER = '26440000000000000007';
const QUERY = 'query($n: String!, $d: Date!, $a: Money!) { verifyInvoice(number: $n, issueDate: $d, totalAmount: $a) { authentic reason status { invoice } } }';
const fromHeader = (req: Request): string => req.get('x-test-source') ?? sourceKeyOf(req.socket.remoteAddress);

async function verify(url: string, vars: { n: string; d: string; a: string }, options: { source?: string; key?: string } = {}) {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.source ? { 'x-test-source': options.source } : {}),
      ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}),
    },
    body: JSON.stringify({ query: QUERY, variables: vars }),
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), text: await r.text() };
}

const ANY = { n: NUMBER, d: '2026-11-21', a: '128.00' };

test('the source key: an IPv4 address, the /64 of an IPv6 address, never a header', () => {
  assert.equal(sourceKeyOf('203.0.113.9'), '203.0.113.9');
  assert.equal(sourceKeyOf('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(sourceKeyOf('2001:db8:aa:bb:1:2:3:4'), '2001:db8:aa:bb::/64');
  assert.equal(sourceKeyOf('2001:db8:aa:bb::99'), '2001:db8:aa:bb::/64', 'every host of a /64 is one source');
  assert.equal(sourceKeyOf('2001:0db8::1'), '2001:db8:0:0::/64');
  assert.equal(sourceKeyOf(undefined), 'unknown');
});

test('20,000 other sources cannot reset a limited source: the table is fixed in memory, never flushed', async (t) => {
  const tax = await startTaxNodeServer(t, { publicVerifyPerMinute: 3, publicVerifyGlobalPerMinute: 100_000 }, { sourceKey: fromHeader });
  for (let i = 0; i < 3; i += 1) assert.equal((await verify(tax.url, ANY, { source: '198.51.100.7' })).status, 200);
  const limited = await verify(tax.url, ANY, { source: '198.51.100.7' });
  assert.equal(limited.status, 429);
  // the old limiter cleared its table after 10,000 addresses; churn 20,000 through the app's own
  // limiter (as the middleware does) and some over HTTP
  for (let i = 0; i < 20_000; i += 1) tax.node.limits.publicVerifySource.take(`203.0.${i >> 8}.${i & 255}#${i}`);
  for (let i = 0; i < 50; i += 1) assert.equal((await verify(tax.url, ANY, { source: `192.0.2.${i}` })).status, 200, 'other sources are served');
  const still = await verify(tax.url, ANY, { source: '198.51.100.7' });
  assert.equal(still.status, 429, 'still limited after the churn');
  assert.ok(tax.node.counters.publicVerifyRateLimited.source >= 2);
  assert.equal(tax.node.counters.publicVerifyRateLimited.global, 0);
  tax.clock.advance(120_000);
  assert.equal((await verify(tax.url, ANY, { source: '198.51.100.7' })).status, 200, 'served again once its window has passed');
});

test('the global anonymous budget applies across sources; 429 says when to retry; the tax authority is not held to it', async (t) => {
  const tax = await startTaxNodeServer(t, { publicVerifyPerMinute: 100, publicVerifyGlobalPerMinute: 5 }, { sourceKey: fromHeader });
  for (let i = 0; i < 5; i += 1) assert.equal((await verify(tax.url, ANY, { source: `192.0.2.${i}` })).status, 200);
  const refused = await verify(tax.url, ANY, { source: '192.0.2.200' });
  assert.equal(refused.status, 429);
  const retryAfter = Number(refused.retryAfter);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120, `Retry-After ${refused.retryAfter}`);
  const body = JSON.parse(refused.text) as { errors: Array<{ message: string; extensions: { code: string; detail: string; retryAfter: number } }> };
  assert.match(body.errors[0]?.message ?? '', new RegExp(`try again in ${retryAfter} seconds`));
  assert.deepEqual(body.errors[0]?.extensions, { code: 'FORBIDDEN', detail: 'RATE_LIMITED', retryAfter });
  assert.equal(tax.node.counters.publicVerifyRateLimited.global, 1);
  const authority = await verify(tax.url, ANY, { source: '192.0.2.200', key: DEMO_TAX_AUTHORITY_KEY });
  assert.equal(authority.status, 200, 'the tax authority is not limited by the anonymous budget');
});

/** A signed block holding one issued invoice of 128.00 yuan, accepted by the node over HTTP. */
async function mirrorOneInvoice(t: { after: (fn: () => void) => void }, url: string): Promise<void> {
  const f = createLedgerFixture();
  t.after(() => f.close());
  const issued: LedgerEntry = {
    v: 1, type: 'invoice.issued', at: f.clock.now().toISOString(), actor: { role: 'MERCHANT', id: 'm_demo' }, subject: { kind: 'invoice', id: 'inv_7' },
    data: {
      merchantId: 'm_demo', payment: 'pay_7', number: NUMBER, issueDate: '2026-11-21', kind: 'BLUE',
      seller: { name: '演示商户', taxpayerId: '91440300MA5DEM012D' }, buyer: { type: 'ORGANIZATION', name: '买方', taxpayerId: '91440300MA5BUYER26' },
      lines: [{ lineNo: 1, name: '服务费', quantity: '1', unitPrice: 12800, taxRate: '6%', taxCode: '3040201000000000000', net: 12075, tax: 725, gross: 12800 }],
      net: 12075, tax: 725, gross: 12800, capitalAmount: '壹佰贰拾捌元整',
    },
  };
  f.db.transaction(() => f.ledger.append([issued])).immediate();
  const checkpoint = f.ledger.seal();
  const leaves = [...createSqliteLedgerStore(f.db).entries(0, 1)].map((e) => Buffer.from(e.data).toString('base64'));
  const r = await fetch(`${url}/replication/blocks`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ origin: ORIGIN, checkpoint: checkpoint?.note, firstIndex: 0, leaves }),
  });
  assert.equal(r.status, 200);
}

test('without a key, an unknown number and a wrong amount or date get the identical answer, byte for byte', async (t) => {
  const tax = await startTaxNodeServer(t, { publicVerifyPerMinute: 1000 }, { sourceKey: fromHeader });
  await mirrorOneInvoice(t, tax.url);
  const real = await verify(tax.url, { n: NUMBER, d: '2026-11-21', a: '128.00' });
  assert.deepEqual(JSON.parse(real.text), { data: { verifyInvoice: { authentic: true, reason: null, status: { invoice: 'ISSUED' } } } });

  const unknown = await verify(tax.url, { n: '26440000000000000008', d: '2026-11-21', a: '128.00' });
  const wrongAmount = await verify(tax.url, { n: NUMBER, d: '2026-11-21', a: '1280.00' });
  const wrongDate = await verify(tax.url, { n: NUMBER, d: '2026-11-20', a: '128.00' });
  assert.deepEqual(JSON.parse(unknown.text), { data: { verifyInvoice: { authentic: false, reason: 'NOT_AUTHENTIC', status: null } } });
  assert.equal(wrongAmount.text, unknown.text, 'a wrong amount reads exactly like a number that does not exist');
  assert.equal(wrongDate.text, unknown.text, 'so does a wrong date');
  assert.deepEqual([unknown.status, wrongAmount.status, wrongDate.status], [200, 200, 200]);

  // the tax authority keeps the detailed reason
  const detailed = await Promise.all([
    verify(tax.url, { n: '26440000000000000008', d: '2026-11-21', a: '128.00' }, { key: DEMO_TAX_AUTHORITY_KEY }),
    verify(tax.url, { n: NUMBER, d: '2026-11-21', a: '1280.00' }, { key: DEMO_TAX_AUTHORITY_KEY }),
  ]);
  assert.deepEqual(detailed.map((r) => (JSON.parse(r.text) as { data: { verifyInvoice: { reason: string } } }).data.verifyInvoice.reason), ['UNKNOWN', 'MISMATCH']);
});

test('an anonymous request verifies one invoice: a second aliased verifyInvoice is refused', async (t) => {
  const tax = await startTaxNodeServer(t, { publicVerifyPerMinute: 1000 }, { sourceKey: fromHeader });
  await mirrorOneInvoice(t, tax.url);
  const r = await fetch(`${tax.url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: `{ a: verifyInvoice(number: "${NUMBER}", issueDate: "2026-11-21", totalAmount: "128.00") { authentic } b: verifyInvoice(number: "${NUMBER}", issueDate: "2026-11-21", totalAmount: "1.00") { authentic } }` }),
  });
  const body = (await r.json()) as { data?: { b?: unknown } | null; errors?: Array<{ extensions: { code: string } }> };
  assert.equal(body.data?.b ?? null, null, 'the second verification is not answered');
  assert.equal(body.errors?.[0]?.extensions.code, 'BAD_USER_INPUT');
});
