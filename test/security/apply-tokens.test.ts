// The payer's apply token through real HTTP: it applies once, then only reads its payment's
// invoice; a reversed payment is re-invoiced by its merchant, never by the token holder; it
// expires; and it is parsed strictly (canonical base64url, exact length, nothing trailing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_APPLY_TOKEN_TTL_SECONDS } from '../../src/invoices/index.js';
import { startTestPlatform, paymentEvent, counts, DEMO_MERCHANT, ADMIN_KEY, type TestPlatform } from '../support/platform-harness.js';

const APPLY = 'mutation($t: String!, $n: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: $n } }) { id status buyer { name } } }';
const READ = 'query($t: String!) { invoiceByApplyToken(token: $t) { id status buyer { name } } }';
const code = (r: { errors?: Array<{ extensions?: { code?: string; detail?: string } }> | undefined }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.detail];

async function autoIssuingMerchant(p: TestPlatform): Promise<{ id: string; apiKey: string; webhookSecret: string }> {
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string; webhookSecret: string } }>(
    'mutation { registerMerchant(input: { name: "自动开票商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: true, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey webhookSecret } }',
    {}, ADMIN_KEY,
  );
  assert.ok(reg.data, JSON.stringify(reg.errors));
  return { id: reg.data.registerMerchant.merchant.id, apiKey: reg.data.registerMerchant.apiKey, webhookSecret: reg.data.registerMerchant.webhookSecret };
}

async function pay(p: TestPlatform, merchant?: { id: string; webhookSecret: string }): Promise<{ paymentId: string; applyToken: string; applyUrl: string }> {
  const hook = await p.webhook(paymentEvent(p.clock, merchant ? { merchantId: merchant.id } : {}), merchant ? { secret: merchant.webhookSecret } : {});
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  return hook.body as { paymentId: string; applyToken: string; applyUrl: string };
}

test('a token applies once; after a reversal it only reads, and the merchant re-invoices', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const merchant = await autoIssuingMerchant(p);
  const { paymentId, applyToken } = await pay(p, merchant);
  assert.equal((await p.gql(READ, { t: applyToken })).data?.['invoiceByApplyToken'], null, 'nothing applied yet');

  const first = await p.gql<{ applyForInvoice: { id: string; status: string } }>(APPLY, { t: applyToken, n: '张三' });
  assert.equal(first.data?.applyForInvoice.status, 'ISSUED', JSON.stringify(first.errors));
  const blue = first.data?.applyForInvoice.id as string;
  const reversed = await p.gql('mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: ISSUE_ERROR) { blue { status } } }', { id: blue }, merchant.apiKey);
  assert.equal(reversed.errors, undefined, JSON.stringify(reversed.errors));

  // the holder cannot get a new blue invoice titled to anyone
  const before = counts(p.platform);
  const again = await p.gql(APPLY, { t: applyToken, n: '任何人' });
  assert.deepEqual(code(again), ['CONFLICT', 'INVOICE.ALREADY_APPLIED']);
  assert.deepEqual(counts(p.platform), before, 'the refusal wrote nothing');
  // it still reads its own invoice, with no key
  const read = await p.gql<{ invoiceByApplyToken: { id: string; status: string; buyer: { name: string } } }>(READ, { t: applyToken });
  assert.deepEqual(read.data?.invoiceByApplyToken, { id: blue, status: 'REVERSED', buyer: { name: '张三' } });

  // re-invoicing is the merchant's act: an application by payment id, with its key
  const reissued = await p.gql<{ applyForInvoice: { id: string; status: string } }>(
    'mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "张三" } }) { id status } }', { p: paymentId }, merchant.apiKey,
  );
  assert.equal(reissued.data?.applyForInvoice.status, 'ISSUED', JSON.stringify(reissued.errors));
  assert.equal((await p.gql<{ invoiceByApplyToken: { id: string } }>(READ, { t: applyToken })).data?.invoiceByApplyToken.id, reissued.data?.applyForInvoice.id);
  assert.deepEqual(code(await p.gql(APPLY, { t: applyToken, n: '任何人' })), ['CONFLICT', 'INVOICE.ALREADY_APPLIED']);
});

test('a token expires after APPLY_TOKEN_TTL (30 days by default): then it neither applies nor reads', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const issuedAt = Math.floor(p.clock.ms / 1000);
  const early = await pay(p);
  const late = await pay(p);
  const expiry = Number(early.applyToken.split('.')[1]);
  assert.equal(expiry, issuedAt + DEFAULT_APPLY_TOKEN_TTL_SECONDS);
  assert.equal(DEFAULT_APPLY_TOKEN_TTL_SECONDS, 30 * 24 * 3600);

  p.clock.advance((DEFAULT_APPLY_TOKEN_TTL_SECONDS - 60) * 1000);
  assert.equal((await p.gql(APPLY, { t: early.applyToken, n: '李四' })).errors, undefined, 'a minute before expiry it works');
  p.clock.advance(120_000);
  const before = counts(p.platform);
  assert.deepEqual(code(await p.gql(APPLY, { t: late.applyToken, n: '李四' })), ['FORBIDDEN', 'INVOICE.BAD_APPLY_TOKEN']);
  assert.deepEqual(code(await p.gql(READ, { t: early.applyToken })), ['FORBIDDEN', 'INVOICE.BAD_APPLY_TOKEN']);
  assert.deepEqual(counts(p.platform), before);
  // the merchant can still invoice the payment
  const byMerchant = await p.gql('mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "李四" } }) { id } }', { p: late.paymentId }, DEMO_MERCHANT.apiKey);
  assert.equal(byMerchant.errors, undefined, JSON.stringify(byMerchant.errors));
});

test('tokens are parsed strictly: padding, trailing characters, non-canonical base64url, wrong lengths and altered parts are refused', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const { paymentId, applyToken, applyUrl } = await pay(p);
  assert.match(applyToken, /^pay_[0-9a-z]{21}\.[1-9]\d*\.[A-Za-z0-9_-]{43}$/u);
  assert.equal(applyUrl, `http://127.0.0.1:4000/apply?token=${encodeURIComponent(applyToken)}`, 'the applyUrl carries the new token');

  const [id, expiry, mac] = applyToken.split('.') as [string, string, string];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(mac.at(-1) as string);
  // the last of 43 characters carries 4 bits; its 2 low bits are padding and must be zero
  const nonCanonical = `${id}.${expiry}.${mac.slice(0, -1)}${alphabet[last ^ 1]}`;
  assert.equal(Buffer.from(nonCanonical.split('.')[2] as string, 'base64url').equals(Buffer.from(mac, 'base64url')), true, 'same bytes, other spelling');
  const forged = [
    `${applyToken}=`, `${applyToken}==`, `${applyToken}\n`, `${applyToken} `, ` ${applyToken}`, `${applyToken}.`, `${applyToken}A`, nonCanonical,
    `${id}.${expiry}.${mac.slice(0, -1)}`, `${id}.${expiry}.${mac.replace(/-/gu, '+').replace(/_/gu, '/')}${/[-_]/u.test(mac) ? '' : '+'}`,
    `${id}.0${expiry}.${mac}`, `${id}.+${expiry}.${mac}`, `${id}.${Number(expiry) + 1}.${mac}`, `${id.toUpperCase()}.${expiry}.${mac}`,
    `${id}x.${expiry}.${mac}`, `${id}.${mac}`, `${paymentId}.${mac}`, `x.${expiry}.${mac}`, `.${expiry}.${mac}`, '', 'a'.repeat(5000),
  ];
  const before = counts(p.platform);
  for (const token of forged) {
    const r = await p.gql(APPLY, { t: token, n: '王五' });
    if (token === '') assert.ok(r.errors, 'empty token refused');
    else assert.deepEqual(code(r), ['FORBIDDEN', 'INVOICE.BAD_APPLY_TOKEN'], JSON.stringify(token));
  }
  assert.deepEqual(counts(p.platform), before, 'no refusal wrote anything');
  assert.equal((await p.gql(APPLY, { t: applyToken, n: '王五' })).errors, undefined, 'the exact token still applies');
});
