// Which state changes become events for the merchant's system, written with their ledger
// entries: a whole invoice life through the real webhook and GraphQL, read from the outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { DEMO_MERCHANT, paymentEvent, refundEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

const BUYER = '91440300MA5BUYER26';

interface Body { id: string; type: string; merchantId: string; createdAt: string; data: Record<string, unknown> }

function bodies(p: TestPlatform): Body[] {
  return p.platform.outbox.events.page({}, 0, 100).map((e) => {
    const body = JSON.parse(e.body) as Body;
    assert.equal(body.id, e.id);
    assert.equal(body.type, e.type);
    return body;
  });
}

async function ok<T>(p: TestPlatform, query: string, variables: Record<string, unknown>, key: string | null): Promise<T> {
  const r = await p.gql<T>(query, variables, key);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data as T;
}

let paid = 0;
async function issue(p: TestPlatform, buyer: string): Promise<{ id: string; number: string; issueDate: string; gross: string; payment: string; provider: string }> {
  const provider = `pay_outbox_${++paid}`;
  const { applyToken, paymentId } = (await p.webhook(paymentEvent(p.clock, { paymentId: provider }))).body as { applyToken: string; paymentId: string };
  const applied = await ok<{ applyForInvoice: { id: string } }>(p, `mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: applyToken }, null);
  const issued = await ok<{ issueInvoice: { id: string; number: string; issueDate: string; gross: string } }>(
    p, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  return { ...issued.issueInvoice, payment: paymentId, provider };
}

test('an invoice\'s life reaches the merchant as events, in order, each beside its ledger entry', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  // before an endpoint is registered nothing is written: no one listens
  await issue(p, '{ type: INDIVIDUAL, name: "无人听" }');
  assert.equal(bodies(p).length, 0);
  await ok(p, 'mutation { setNotificationEndpoint(url: "http://localhost:8080/hooks") { url } }', {}, DEMO_MERCHANT.apiKey);

  const keyDeps = { keys: p.platform.keys, ids: randomIds, clock: p.clock };
  const employee = createApiKey(keyDeps, { role: 'EMPLOYEE', employerId: BUYER, personId: 'e1', label: 'employee' }).key;
  const finance = createApiKey(keyDeps, { role: 'FINANCE', employerId: BUYER, label: 'finance' }).key;

  const reimbursed = await issue(p, `{ type: ORGANIZATION, name: "买方公司", taxpayerId: "${BUYER}" }`);
  const claim = await ok<{ claimReimbursement: { id: string } }>(
    p, 'mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }',
    { n: reimbursed.number, d: reimbursed.issueDate, a: reimbursed.gross }, employee,
  );
  await ok(p, 'mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { id } }', { ids: [claim.claimReimbursement.id] }, finance);
  const pending = await ok<{ reverseInvoice: { pendingConfirmation: boolean } }>(
    p, 'mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { pendingConfirmation } }', { id: reimbursed.id }, DEMO_MERCHANT.apiKey,
  );
  assert.equal(pending.reverseInvoice.pendingConfirmation, true);
  await ok(p, 'mutation($id: ID!) { confirmReversal(invoiceId: $id) { pendingConfirmation } }', { id: reimbursed.id }, finance);

  const refunded = await issue(p, '{ type: INDIVIDUAL, name: "退款人" }');
  const refund = await p.webhook(refundEvent(p.clock, refunded.provider, 100));
  assert.equal(refund.status, 200);
  await ok(p, 'mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { pendingConfirmation } }', { id: refunded.id }, DEMO_MERCHANT.apiKey);

  const events = bodies(p);
  assert.deepEqual(events.map((e) => [e.type, e.data.invoiceId]), [
    ['invoice.issued', reimbursed.id],
    ['reimbursement.locked', reimbursed.id],
    ['reimbursement.closed', reimbursed.id],
    ['invoice.reversal_pending', reimbursed.id],
    ['invoice.reversed', reimbursed.id],
    ['invoice.issued', refunded.id],
    ['invoice.reversal_required', refunded.id],
    ['invoice.reversed', refunded.id],
  ]);
  assert.ok(events.every((e) => e.merchantId === DEMO_MERCHANT.id));
  assert.equal(new Set(events.map((e) => e.id)).size, events.length);
  assert.deepEqual(events[0]?.data, {
    invoiceId: reimbursed.id, payment: reimbursed.payment, number: reimbursed.number, issueDate: reimbursed.issueDate, kind: 'BLUE',
    net: events[0]?.data.net, tax: events[0]?.data.tax, gross: 12800,
    ledgerIndex: p.platform.invoices.get(reimbursed.id)?.issuedIndex,
  });
  assert.equal((events[0]?.data.net as number) + (events[0]?.data.tax as number), 12800);
  // the reversal names its red invoice, as the ledger's invoice.reversed entry does
  const reversed = events[4]?.data as { redInvoiceId: string; redNumber: string };
  assert.equal(p.platform.invoices.get(reimbursed.id)?.reversedBy, reversed.redInvoiceId);
});
