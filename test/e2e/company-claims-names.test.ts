// companyClaims names the employees who claimed, as FINANCE registered them (read with the
// claims in one join), through real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, type TestPlatform } from '../support/platform-harness.js';

const BUYER = '91440300MA5BUYER26';

async function ok<T>(r: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> {
  const res = await r;
  assert.ok(res.data && !res.errors, JSON.stringify(res.errors));
  return res.data;
}

async function claimedBy(p: TestPlatform, financeKey: string, name: string): Promise<void> {
  const staff = (await ok(p.gql<{ registerEmployee: { apiKey: string } }>('mutation($n: String!) { registerEmployee(name: $n) { apiKey } }', { n: name }, financeKey))).registerEmployee.apiKey;
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 12800 }));
  const applied = await ok(p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" } }) { id } }`, { t: (hook.body as { applyToken: string }).applyToken }));
  const inv = (await ok(p.gql<{ issueInvoice: { number: string; issueDate: string; gross: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { number issueDate gross } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey))).issueInvoice;
  await ok(p.gql('mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }', { n: inv.number, d: inv.issueDate, a: inv.gross }, staff));
}

test('companyClaims shows each claim\'s employee name', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const financeKey = createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: BUYER, label: 'finance' }).key;
  await claimedBy(p, financeKey, '王会计');
  await claimedBy(p, financeKey, '李工程师');
  const claims = await ok(p.gql<{ companyClaims: { edges: Array<{ node: { employeeName: string; personId: string } }> } }>('{ companyClaims { edges { node { employeeName personId } } } }', {}, financeKey));
  assert.deepEqual(claims.companyClaims.edges.map((e) => e.node.employeeName), ['王会计', '李工程师']);
  assert.notEqual(claims.companyClaims.edges[0]?.node.personId, claims.companyClaims.edges[1]?.node.personId);
});
