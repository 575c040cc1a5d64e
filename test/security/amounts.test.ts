// Issue 10, finding 9, through real HTTP: one maximum for amounts (MAX_AMOUNT_FEN, the
// domain's 13 integer digits of yuan), and every amount accepted can be applied for and issued:
// at the maximum, at every VAT rate, and with unit prices × quantities that multiply up near it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT_FEN, TAX_RATES, formatYuan } from '../../src/domain/index.js';
import { DEMO_MERCHANT, counts, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

interface Issued { gross: string; net: string; tax: string; capitalAmount: string; lines: Array<{ net: string; tax: string; gross: string }> }

async function payApplyIssue(p: TestPlatform, amount: number, items?: unknown[]): Promise<Issued> {
  const hook = await p.webhook(paymentEvent(p.clock, { amount, ...(items ? { items } : {}) }));
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "大额买方" } }) { id } }',
    { t: (hook.body as { applyToken: string }).applyToken },
  );
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  const issued = await p.gql<{ issueInvoice: Issued }>(
    'mutation($id: ID!) { issueInvoice(applicationId: $id) { gross net tax capitalAmount lines { net tax gross } } }',
    { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  return issued.data?.issueInvoice as Issued;
}

const fen = (yuan: string): bigint => BigInt(yuan.replace('.', ''));

test('a payment of 10^15 − 1 fen is applied for and issued at every VAT rate, exactly', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  for (const rate of TAX_RATES) {
    const invoice = await payApplyIssue(p, MAX_AMOUNT_FEN, [{ name: '大额项目', quantity: 1, unitPrice: MAX_AMOUNT_FEN, taxRate: rate, taxCode: '3040201010000000000' }]);
    assert.equal(invoice.gross, formatYuan(MAX_AMOUNT_FEN), rate);
    assert.equal(fen(invoice.net) + fen(invoice.tax), BigInt(MAX_AMOUNT_FEN), `${rate}: net + tax = gross`);
    // net = round_half_up(gross × 100 / (100 + rate)), computed here independently in BigInt
    const percent = BigInt(rate.endsWith('%') ? rate.slice(0, -1) : '0');
    const exactNet = (BigInt(MAX_AMOUNT_FEN) * 200n + (100n + percent)) / ((100n + percent) * 2n);
    assert.equal(fen(invoice.net), exactNet, rate);
    assert.equal(invoice.capitalAmount, '玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分');
  }
  // without items the merchant's default rate applies to the description's line
  assert.equal((await payApplyIssue(p, MAX_AMOUNT_FEN)).gross, '9999999999999.99');
  // eleven such invoices in one month sum past Number.MAX_SAFE_INTEGER: the report is refused
  // with a code, never filed with silently rounded totals, and nothing is written
  const before = { ...counts(p.platform), reports: p.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get() };
  const report = await p.gql('mutation { fileTaxReport(period: "2026-11") { id net } }', {}, DEMO_MERCHANT.apiKey);
  assert.deepEqual(report.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'MONEY.OUT_OF_RANGE' });
  assert.deepEqual({ ...counts(p.platform), reports: p.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get() }, before);
});

test('unit prices × quantities that multiply up near the maximum are issued exactly', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const item = { name: '批量', taxCode: '1090101010000000000' };
  // 999,999,999 fen × 1,000,000.000001 = 999,999,999,000,999.999999 → 999,999,999,001,000 fen
  const a = await payApplyIssue(p, 999_999_999_001_000, [{ ...item, unitPrice: 999_999_999, quantity: '1000000.000001', taxRate: '13%' }]);
  assert.equal(a.gross, '9999999990010.00');
  // 12 integer digits of quantity × 1,000 fen, plus a line that fills up to the maximum
  const b = await payApplyIssue(p, MAX_AMOUNT_FEN, [
    { ...item, unitPrice: 1000, quantity: '999999999999', taxRate: '9%' },
    { ...item, unitPrice: 999, quantity: 1, taxRate: '6%' },
  ]);
  assert.equal(b.gross, formatYuan(MAX_AMOUNT_FEN));
  assert.deepEqual(b.lines.map((l) => l.gross), ['9999999999990.00', '9.99']);
});

test('GraphQL Money refuses more than 13 digits of yuan, before any resolver runs', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const before = counts(p.platform);
  const res = await p.gql('mutation($a: Money!) { claimReimbursement(invoiceNumber: "26440000000000000001", issueDate: "2026-11-21", totalAmount: $a) { id } }', { a: '10000000000000.00' }, DEMO_MERCHANT.apiKey);
  assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.errors));
  assert.deepEqual(counts(p.platform), before);
  const literal = await p.gql('mutation { claimReimbursement(invoiceNumber: "26440000000000000001", issueDate: "2026-11-21", totalAmount: "90071992547409.91") { id } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(literal.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(literal.errors));
});
