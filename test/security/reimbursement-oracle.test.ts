// claimReimbursement names an invoice by number, date and amount: a 查验. Through real HTTP:
// another company's invoice answers exactly like one that does not exist, whatever its state
// and whether the amount matches, and failed claims are rationed per API key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { FAILED_CLAIMS_PER_HOUR } from '../../src/platform/platform.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, type TestPlatform } from '../support/platform-harness.js';

const BUYER = '91440300MA5BUYER26';
const OTHER_COMPANY = '91310000MA2EMP01X3';
interface Inv { id: string; number: string; issueDate: string; gross: string }

function finance(p: TestPlatform, employer: string): string {
  return createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: employer, label: `finance ${employer}` }).key;
}

async function employee(p: TestPlatform, financeKey: string, name: string): Promise<string> {
  const r = await p.gql<{ registerEmployee: { apiKey: string } }>('mutation($n: String!) { registerEmployee(name: $n) { apiKey } }', { n: name }, financeKey);
  assert.ok(r.data, JSON.stringify(r.errors));
  return r.data.registerEmployee.apiKey;
}

async function issued(p: TestPlatform): Promise<Inv> {
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 12800 }));
  assert.equal(hook.status, 200);
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    `mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" } }) { id } }`,
    { t: (hook.body as { applyToken: string }).applyToken },
  );
  const r = await p.gql<{ issueInvoice: Inv }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.ok(r.data, JSON.stringify(r.errors));
  return r.data.issueInvoice;
}

const claim = (p: TestPlatform, key: string, number: string, date: string, amount: string) =>
  p.gql<{ claimReimbursement: { id: string; status: string } }>(
    'mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id status } }', { n: number, d: date, a: amount }, key,
  );

/** Everything a caller can see of a refusal. */
const answer = (r: Awaited<ReturnType<typeof claim>>) => ({ status: r.status, data: r.data, errors: r.errors?.map((e) => ({ message: e.message, extensions: e.extensions })) });

test("another company's invoice answers exactly like a number that does not exist, in every state, with or without the right amount", async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const buyerFinance = finance(p, BUYER);
  const right = await employee(p, buyerFinance, 'at the buyer');
  const outsider = await employee(p, finance(p, OTHER_COMPANY), 'elsewhere');

  const fresh = await issued(p);
  const nonexistent = answer(await claim(p, outsider, fresh.number.replace(/\d{6}$/u, '999999'), fresh.issueDate, fresh.gross));
  assert.equal(nonexistent.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  assert.equal(nonexistent.errors?.[0]?.extensions?.detail, 'INVOICE.NOT_FOUND');

  const locked = await issued(p);
  assert.equal((await claim(p, right, locked.number, locked.issueDate, locked.gross)).data?.claimReimbursement.status, 'LOCKED');
  const closed = await issued(p);
  const closing = await claim(p, right, closed.number, closed.issueDate, closed.gross);
  const approved = await p.gql('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { status } }', { ids: [closing.data?.claimReimbursement.id] }, buyerFinance);
  assert.equal(approved.errors, undefined, JSON.stringify(approved.errors));
  const reversed = await issued(p);
  const reversal = await p.gql('mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { blue { status } } }', { id: reversed.id }, DEMO_MERCHANT.apiKey);
  assert.equal(reversal.errors, undefined, JSON.stringify(reversal.errors));

  for (const [state, inv] of [['ISSUED', fresh], ['LOCKED', locked], ['CLOSED', closed], ['REVERSED', reversed]] as const) {
    assert.deepEqual(answer(await claim(p, outsider, inv.number, inv.issueDate, inv.gross)), nonexistent, `${state}, right date and amount`);
    assert.deepEqual(answer(await claim(p, outsider, inv.number, inv.issueDate, '1.00')), nonexistent, `${state}, wrong amount`);
  }
  // the employer's own staff still get the real reasons
  assert.equal((await claim(p, right, locked.number, locked.issueDate, locked.gross)).errors?.[0]?.extensions?.detail, 'REIMBURSEMENT.LOCKED');
  assert.equal((await claim(p, right, fresh.number, fresh.issueDate, fresh.gross)).data?.claimReimbursement.status, 'LOCKED');
});

test('failed claims are throttled per API key with RATE_LIMITED and a retry-after; other keys are not', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const buyerFinance = finance(p, BUYER);
  const guesser = await employee(p, finance(p, OTHER_COMPANY), 'guesser');
  const colleague = await employee(p, buyerFinance, 'colleague');
  const target = await issued(p);
  const ledgerBefore = p.platform.ledger.size();

  for (let i = 1; i <= FAILED_CLAIMS_PER_HOUR; i++) {
    const r = await claim(p, guesser, target.number, target.issueDate, `${i}.00`);
    assert.equal(r.errors?.[0]?.extensions?.code, 'NOT_FOUND', `guess ${i}`);
  }
  const refused = await claim(p, guesser, target.number, target.issueDate, target.gross);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  assert.equal(refused.errors?.[0]?.extensions?.detail, 'REIMBURSEMENT.RATE_LIMITED');
  const retryAfter = (refused.errors?.[0]?.extensions as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  assert.ok(typeof retryAfter === 'number' && retryAfter >= 1 && retryAfter <= 7200, `retryAfterSeconds ${retryAfter}`);
  assert.equal(p.platform.ledger.size(), ledgerBefore, 'refusals write nothing');

  // another key is not affected, and its success is not slowed by the guesser
  assert.equal((await claim(p, colleague, target.number, target.issueDate, target.gross)).data?.claimReimbursement.status, 'LOCKED');
  // two hours later the guesser's budget is back
  p.clock.advance(2 * 3600_000);
  assert.equal((await claim(p, guesser, target.number, target.issueDate, '1.00')).errors?.[0]?.extensions?.code, 'NOT_FOUND');
});
