// A reversal of a reimbursed invoice waits for the buyer company's 红字确认单: the seller and
// the buyer's FINANCE both see it waiting, the invoice shows it next to its status, and the
// merchant cannot silently replace it with a second request. Through real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, type TestPlatform } from '../support/platform-harness.js';

const BUYER = '91440300MA5BUYER26';
const OTHER_COMPANY = '91310000MA2EMP01X3';

const finance = (p: TestPlatform, employer: string): string =>
  createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: employer, label: `finance ${employer}` }).key;
const code = (r: { errors?: Array<{ extensions?: { code?: string; detail?: string } }> | undefined }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.detail];

async function ok<T>(r: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> {
  const res = await r;
  assert.ok(res.data && !res.errors, JSON.stringify(res.errors));
  return res.data;
}

/** An invoice titled to BUYER, claimed by its employee and approved (reimbursement CLOSED). */
async function reimbursedInvoice(p: TestPlatform, financeKey: string): Promise<{ id: string }> {
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 12800 }));
  const token = (hook.body as { applyToken: string }).applyToken;
  const applied = await ok(p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" } }) { id } }`, { t: token }));
  const inv = (await ok(p.gql<{ issueInvoice: { id: string; number: string; issueDate: string; gross: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey))).issueInvoice;
  const staff = (await ok(p.gql<{ registerEmployee: { apiKey: string } }>('mutation { registerEmployee(name: "王会计") { apiKey } }', {}, financeKey))).registerEmployee.apiKey;
  const claimed = await ok(p.gql<{ claimReimbursement: { id: string } }>('mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }', { n: inv.number, d: inv.issueDate, a: inv.gross }, staff));
  await ok(p.gql('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { status } }', { ids: [claimed.claimReimbursement.id] }, financeKey));
  return inv;
}

const REVERSE = 'mutation($id: ID!, $r: ReversalReason!) { reverseInvoice(invoiceId: $id, reason: $r) { pendingConfirmation } }';
const PENDING = '{ pendingReversals { invoice { id status } reason requestedAt } }';
const INVOICE = 'query($id: ID!) { invoice(id: $id) { status pendingReversal { reason requestedAt } } }';

test('a reversal awaiting the buyer is listed for the merchant and the buyer\'s FINANCE, shown on the invoice, and cannot be replaced', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const financeKey = finance(p, BUYER);
  const inv = await reimbursedInvoice(p, financeKey);
  assert.deepEqual((await ok(p.gql<{ pendingReversals: unknown[] }>(PENDING, {}, DEMO_MERCHANT.apiKey))).pendingReversals, []);

  const first = await ok(p.gql<{ reverseInvoice: { pendingConfirmation: boolean } }>(REVERSE, { id: inv.id, r: 'SALES_RETURN' }, DEMO_MERCHANT.apiKey));
  assert.equal(first.reverseInvoice.pendingConfirmation, true);
  const requestedAt = p.clock.now().toISOString();
  const expected = [{ invoice: { id: inv.id, status: 'ISSUED' }, reason: 'SALES_RETURN', requestedAt }];
  assert.deepEqual((await ok(p.gql<{ pendingReversals: unknown[] }>(PENDING, {}, DEMO_MERCHANT.apiKey))).pendingReversals, expected);
  assert.deepEqual((await ok(p.gql<{ pendingReversals: unknown[] }>(PENDING, {}, financeKey))).pendingReversals, expected);
  assert.deepEqual((await ok(p.gql<{ pendingReversals: unknown[] }>(PENDING, {}, finance(p, OTHER_COMPANY)))).pendingReversals, [], 'another company sees none');
  assert.deepEqual((await ok(p.gql(INVOICE, { id: inv.id }, DEMO_MERCHANT.apiKey))), { invoice: { status: 'ISSUED', pendingReversal: { reason: 'SALES_RETURN', requestedAt } } });

  // a second request is refused and the first one's reason stands
  const ledgerBefore = p.platform.ledger.size();
  assert.deepEqual(code(await p.gql(REVERSE, { id: inv.id, r: 'ISSUE_ERROR' }, DEMO_MERCHANT.apiKey)), ['INVALID_STATE', 'INVOICE.REVERSAL_PENDING']);
  assert.equal(p.platform.ledger.size(), ledgerBefore);
  assert.equal(p.platform.invoices.reversalRequest(inv.id)?.reason, 'SALES_RETURN');

  // once confirmed it is no longer pending anywhere
  await ok(p.gql('mutation($id: ID!) { confirmReversal(invoiceId: $id) { pendingConfirmation } }', { id: inv.id }, financeKey));
  assert.deepEqual((await ok(p.gql<{ pendingReversals: unknown[] }>(PENDING, {}, DEMO_MERCHANT.apiKey))).pendingReversals, []);
  assert.deepEqual((await ok(p.gql(INVOICE, { id: inv.id }, DEMO_MERCHANT.apiKey))), { invoice: { status: 'REVERSED', pendingReversal: null } });
});
