// The document routes of issue 12 on the platform, through real HTTP: who may fetch an
// invoice's PDF, XML and .tlog-proof (everyone else gets the same 404 as for a missing id),
// the headers (type, filename, strong ETag, 304), and the proof's "not yet cosigned" answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApiKey } from '../../src/access/index.js';
import { verifyInvoiceProof } from '../../src/documents/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { acceptBlock } from '../../src/witness/index.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { openMirror } from '../support/mirror.js';
import { demoSigner } from '../support/ledger-fixture.js';
import { DEMO_MERCHANT, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

const BUYER_ID = '91440300MA5BUYER26';

async function issuedInvoice(p: TestPlatform): Promise<{ id: string; number: string; issueDate: string; gross: string; token: string }> {
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 12800 }));
  assert.equal(hook.status, 200);
  const token = (hook.body as { applyToken: string }).applyToken;
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方公司", taxpayerId: "91440300MA5BUYER26" } }) { id } }', { t: token },
  );
  assert.ok(applied.data, JSON.stringify(applied.errors));
  const issued = await p.gql<{ issueInvoice: { id: string; number: string; issueDate: string; gross: string } }>(
    'mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id: applied.data.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  assert.ok(issued.data, JSON.stringify(issued.errors));
  return { ...issued.data.issueInvoice, token };
}

/** The tax node's mirror accepts every sealed block and its cosignatures go back to the platform. */
function cosignEverything(p: TestPlatform, t: { after(fn: () => void): void }): void {
  p.platform.ledger.seal();
  const mirror = openMirror(p.clock);
  t.after(() => mirror.close());
  const source = createSqliteLedgerStore(p.platform.db);
  let from = 0;
  for (const cp of source.checkpointsAfter(0, 100)) {
    const outcome = acceptBlock(mirror.deps, { origin: demoSigner('platform-ledger').name, checkpoint: cp.note, firstIndex: from, leaves: [...source.entries(from, cp.size)].map((e) => e.data) });
    assert.equal(outcome.kind, 'accepted');
    if (outcome.kind === 'accepted') p.platform.ledger.attachCosignature(cp.size, outcome.cosignature);
    from = cp.size;
  }
}

function keyFor(p: TestPlatform, input: { role: 'FINANCE'; employerId: string } | { role: 'EMPLOYEE'; employerId: string; personId: string }): string {
  return createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { ...input, label: 'test' } as Parameters<typeof createApiKey>[1]).key;
}

test('the payer (apply token), the merchant and the buyer company\'s FINANCE fetch the XML and PDF; anyone else gets 404, never 403', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const inv = await issuedInvoice(p);
  const other = await issuedInvoice(p);
  const xmlPath = `/invoices/${inv.id}/document.xml`;

  const byToken = await request(p.app).get(`${xmlPath}?token=${encodeURIComponent(inv.token)}`);
  assert.equal(byToken.status, 200);
  assert.match(byToken.headers['content-type'] as string, /^application\/xml/u);
  assert.equal(byToken.headers['content-disposition'], `attachment; filename="${inv.number}.xml"`);
  assert.match(byToken.headers['etag'] as string, /^"[A-Za-z0-9_-]{43}"$/u);
  assert.ok(byToken.text.includes(inv.number));

  const byHeader = await request(p.app).get(xmlPath).set('X-Apply-Token', inv.token);
  assert.equal(byHeader.status, 200);
  assert.equal(byHeader.headers['etag'], byToken.headers['etag']);
  const byMerchant = await request(p.app).get(xmlPath).set('Authorization', `Bearer ${DEMO_MERCHANT.apiKey}`);
  assert.equal(byMerchant.status, 200);
  const byFinance = await request(p.app).get(xmlPath).set('Authorization', `Bearer ${keyFor(p, { role: 'FINANCE', employerId: BUYER_ID })}`);
  assert.equal(byFinance.status, 200);

  const refusals = [
    await request(p.app).get(xmlPath),
    await request(p.app).get(`${xmlPath}?token=${encodeURIComponent(other.token)}`),
    await request(p.app).get(xmlPath).set('Authorization', `Bearer ${keyFor(p, { role: 'FINANCE', employerId: '91110000MA01ABCD1X' })}`),
    await request(p.app).get(xmlPath).set('Authorization', `Bearer ${keyFor(p, { role: 'EMPLOYEE', employerId: BUYER_ID, personId: 'emp_nobody' })}`),
    await request(p.app).get(xmlPath).set('Authorization', 'Bearer not-a-key'),
    await request(p.app).get('/invoices/inv_does_not_exist/document.xml').set('Authorization', `Bearer ${DEMO_MERCHANT.apiKey}`),
  ];
  for (const r of refusals) {
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { error: { code: 'NOT_FOUND', message: 'no such document' } });
  }

  const pdf = await request(p.app).get(`/invoices/${inv.id}/document.pdf?token=${encodeURIComponent(inv.token)}`).buffer(true);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.headers['content-disposition'], `attachment; filename="${inv.number}.pdf"`);
  assert.equal((pdf.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');
  const again = await request(p.app).get(`/invoices/${inv.id}/document.pdf?token=${encodeURIComponent(inv.token)}`).set('If-None-Match', pdf.headers['etag'] as string);
  assert.equal(again.status, 304);
});

test('an employee holding a claim on the invoice reads it; the GraphQL invoice links its three documents', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const inv = await issuedInvoice(p);
  const finance = keyFor(p, { role: 'FINANCE', employerId: BUYER_ID });
  const reg = await p.gql<{ registerEmployee: { apiKey: string } }>('mutation { registerEmployee(name: "张三") { apiKey } }', {}, finance);
  assert.ok(reg.data, JSON.stringify(reg.errors));
  const employee = reg.data.registerEmployee.apiKey;
  const xmlPath = `/invoices/${inv.id}/document.xml`;
  assert.equal((await request(p.app).get(xmlPath).set('Authorization', `Bearer ${employee}`)).status, 404);
  const claim = await p.gql('mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }', { n: inv.number, d: inv.issueDate, a: inv.gross }, employee);
  assert.ok(claim.data, JSON.stringify(claim.errors));
  assert.equal((await request(p.app).get(xmlPath).set('Authorization', `Bearer ${employee}`)).status, 200);

  const gql = await p.gql<{ invoice: { documents: { pdfUrl: string; xmlUrl: string; proofUrl: string } } }>('query($id: ID!) { invoice(id: $id) { documents { pdfUrl xmlUrl proofUrl } } }', { id: inv.id }, DEMO_MERCHANT.apiKey);
  assert.deepEqual(gql.data?.invoice.documents, {
    pdfUrl: `http://127.0.0.1:4000/invoices/${inv.id}/document.pdf`,
    xmlUrl: `http://127.0.0.1:4000/invoices/${inv.id}/document.xml`,
    proofUrl: `http://127.0.0.1:4000/invoices/${inv.id}/invoice.tlog-proof`,
  });
});

test('the proof is 409 "not yet cosigned" until a cosigned checkpoint covers the invoice, then a tlog-proof that verifies', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const inv = await issuedInvoice(p);
  const proofPath = `/invoices/${inv.id}/invoice.tlog-proof`;
  const early = await request(p.app).get(proofPath).set('Authorization', `Bearer ${DEMO_MERCHANT.apiKey}`);
  assert.equal(early.status, 409);
  assert.equal((early.body as { error: { code: string } }).error.code, 'NOT_COSIGNED');
  assert.match((early.body as { error: { message: string } }).error.message, /not yet cosigned/u);

  cosignEverything(p, t);
  const proof = await request(p.app).get(`${proofPath}?token=${encodeURIComponent(inv.token)}`);
  assert.equal(proof.status, 200);
  assert.equal(proof.headers['content-disposition'], `attachment; filename="${inv.number}.tlog-proof"`);
  const verdict = verifyInvoiceProof(proof.text, { logKey: demoSigner('platform-ledger').verifierKey, witnessKeys: [demoSigner('tax-node-witness').verifierKey] });
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.document.number, inv.number);
  assert.equal((await request(p.app).get(proofPath)).status, 404);
});
