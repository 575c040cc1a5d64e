// Issue 10, findings 10 and 11, through real HTTP: one text policy for every name and
// description before it can reach a legal invoice or the append-only ledger. Buyer names
// (GraphQL applyForInvoice), merchant names (GraphQL registerMerchant) and payment
// descriptions and item names (webhook), and reimbursement rejection reasons, are refused the same way, naming the field, and
// nothing is written. What passes is stored trimmed and in NFC, in the ledger entry too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { ADMIN_KEY, DEMO_MERCHANT, counts, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

/** Every class of text the issue found in invoices and the ledger, and a few of their cousins. */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['NUL', 'ab\u0000cd'],
  ['CR/LF', '张三\r\n发票作废'],
  ['LF', '张三\n'.repeat(2) + '李四'],
  ['TAB', '张\t三'],
  ['U+2028', '张三\u2028李四'],
  ['U+2029', '张三\u2029李四'],
  ['RLO', '\u202eevil'],
  ['RLI', '\u2067abc\u2069'],
  ['C1 NEL', 'abc\u0085def'],
  ['lone surrogate', '张\ud800三'],
  ['only U+200B', '\u200b'],
  ['only U+200B ×3', '\u200b\u200b\u200b'],
  ['only U+3164', '\u3164'],
  ['only U+3164 and spaces', ' \u3164 \u3164 '],
  ['only U+FEFF', '\ufeff'],
  ['only U+115F U+1160', '\u115f\u1160'],
  ['too long (101 汉字 = 303 bytes)', '汉'.repeat(101)],
];

function platformCounts(p: TestPlatform): Record<string, number> {
  return { ...counts(p.platform), merchants: p.platform.db.prepare('SELECT count(*) FROM merchants').pluck().get() as number };
}

function ledgerEntry(p: TestPlatform, index: number): { type: string; data: Record<string, unknown> } {
  return JSON.parse(Buffer.from(p.platform.ledger.entry(index).data).toString('utf8')) as { type: string; data: Record<string, unknown> };
}

test('buyer names: every hostile name is BAD_USER_INPUT TEXT.INVALID at buyer.name, and nothing is written', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const hook = await p.webhook(paymentEvent(p.clock));
  const { applyToken, paymentId } = hook.body as { applyToken: string; paymentId: string };
  const byToken = 'mutation($t: String!, $n: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: $n } }) { id } }';
  const byMerchant = 'mutation($p: ID!, $n: String!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: $n } }) { id } }';
  for (const [what, name] of HOSTILE) {
    for (const [query, variables, key] of [[byToken, { t: applyToken, n: name }, null], [byMerchant, { p: paymentId, n: name }, DEMO_MERCHANT.apiKey]] as const) {
      const before = platformCounts(p);
      const res = await p.gql(query, variables, key);
      assert.equal(res.status, 200);
      assert.deepEqual(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'TEXT.INVALID', field: 'input.buyer.name' }, what);
      assert.doesNotMatch(res.errors?.[0]?.message ?? '', /stack|\.ts:/u);
      assert.deepEqual(platformCounts(p), before, `${what}: nothing written`);
    }
  }
  // a decomposed name is accepted, trimmed and stored in NFC, in the row and in the ledger entry
  const ok = await p.gql<{ applyForInvoice: { id: string; buyer: { name: string } } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "  Zoe\u0301 Caf\u0065\u0301  " } }) { id buyer { name } } }',
    { t: applyToken },
  );
  assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
  assert.equal(ok.data?.applyForInvoice.buyer.name, 'Zo\u00e9 Caf\u00e9');
  const entry = ledgerEntry(p, p.platform.ledger.size() - 1);
  assert.equal(entry.type, 'invoice.applied');
  assert.equal((entry.data['buyer'] as { name: string }).name, 'Zo\u00e9 Caf\u00e9');
});

test('merchant names: every hostile name is refused at name by registerMerchant, and no merchant is created', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const register = 'mutation($n: String!) { registerMerchant(input: { name: $n, taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id name } } }';
  for (const [what, name] of HOSTILE) {
    const before = platformCounts(p);
    const res = await p.gql(register, { n: name }, ADMIN_KEY);
    assert.deepEqual(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'TEXT.INVALID', field: 'input.name' }, what);
    assert.deepEqual(platformCounts(p), before, `${what}: nothing written`);
  }
  const ok = await p.gql<{ registerMerchant: { merchant: { name: string } } }>(register, { n: ' 北京咖啡\u0301馆 ' }, ADMIN_KEY);
  assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
  assert.equal(ok.data?.registerMerchant.merchant.name, '北京咖啡\u0301馆'.normalize('NFC'));
});

test('webhook descriptions and item names: every hostile text is 400 WEBHOOK.MALFORMED at its field, and nothing is written', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const item = { name: '拿铁', quantity: 1, unitPrice: 12800, taxRate: '6%', taxCode: '3070401000000000000' };
  // 201 汉字 = 603 bytes, one more than the 600 of 项目名称
  for (const [what, text] of [...HOSTILE.filter(([w]) => !w.startsWith('too long')), ['too long (201 汉字)', '汉'.repeat(201)] as const]) {
    const event = paymentEvent(p.clock);
    const data = event['data'] as Record<string, unknown>;
    for (const [body, field] of [
      [{ ...event, data: { ...data, description: text } }, 'data.description'],
      [{ ...event, data: { ...data, amount: 25600, items: [item, { ...item, name: text }] } }, 'data.items[1].name'],
    ] as const) {
      const before = platformCounts(p);
      const res = await p.webhook(body);
      assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(
        { code: (res.body as { error: { code: string } }).error.code, field: (res.body as { error: { field: string } }).error.field },
        { code: 'WEBHOOK.MALFORMED', field },
        what,
      );
      assert.deepEqual(platformCounts(p), before, `${what}: nothing written`);
    }
  }
  // accepted text reaches the ledger entry in NFC
  const event = paymentEvent(p.clock, { items: [{ ...item, name: ' Cafe\u0301 latte ' }] });
  const res = await p.webhook({ ...event, data: { ...(event['data'] as object), description: 'Cre\u0300me bru\u0302le\u0301e' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const entry = ledgerEntry(p, (res.body as { ledgerIndex: number }).ledgerIndex);
  assert.equal(entry.data['description'], 'Crème brûlée');
  assert.equal((entry.data['items'] as Array<{ name: string }>)[0]?.name, 'Café latte');
});

test('a rejection reason (备注) passes the same policy before it reaches the reimbursement.unlocked entry', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const employer = '91440300MA5BUYER26';
  const financeKey = createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: employer, label: 'finance' }).key;
  const staff = await p.gql<{ registerEmployee: { apiKey: string } }>('mutation { registerEmployee(name: "Alice") { apiKey } }', {}, financeKey);
  const hook = await p.webhook(paymentEvent(p.clock));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    `mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "${employer}" } }) { id } }`,
    { t: (hook.body as { applyToken: string }).applyToken },
  );
  const issued = await p.gql<{ issueInvoice: { number: string; issueDate: string; gross: string } }>(
    'mutation($id: ID!) { issueInvoice(applicationId: $id) { number issueDate gross } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  const inv = issued.data?.issueInvoice as { number: string; issueDate: string; gross: string };
  const claimed = await p.gql<{ claimReimbursement: { id: string } }>(
    'mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }',
    { n: inv.number, d: inv.issueDate, a: inv.gross }, staff.data?.registerEmployee.apiKey,
  );
  const claimId = claimed.data?.claimReimbursement.id as string;
  assert.ok(claimId, JSON.stringify(claimed.errors));
  const reject = 'mutation($id: ID!, $r: String!) { rejectReimbursement(claimId: $id, reason: $r) { status reason } }';
  for (const [what, reason] of [...HOSTILE.filter(([w]) => !w.startsWith('too long')), ['too long (151 汉字 = 453 bytes)', '汉'.repeat(151)] as const]) {
    const before = platformCounts(p);
    const res = await p.gql(reject, { id: claimId, r: reason }, financeKey);
    assert.deepEqual(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'TEXT.INVALID', field: 'reason' }, what);
    assert.deepEqual(platformCounts(p), before, `${what}: nothing written`);
  }
  const ok = await p.gql<{ rejectReimbursement: { status: string; reason: string } }>(reject, { id: claimId, r: ' 重复报销 ' }, financeKey);
  assert.deepEqual(ok.data?.rejectReimbursement, { status: 'REJECTED', reason: '重复报销' });
});
