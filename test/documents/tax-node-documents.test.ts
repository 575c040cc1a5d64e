// The tax node's side of the document routes, with a real platform replicating to it: anyone
// gets the .tlog-proof of an invoice they can name, under the anonymous budget and with one
// NOT_AUTHENTIC answer; the tax authority renders the very XML and PDF the platform serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyInvoiceProof } from '../../src/documents/index.js';
import { demoSigner } from '../support/ledger-fixture.js';
import { DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';
import { issueCosigned, startTwoNodes } from '../support/two-nodes.js';

const policy = { logKey: demoSigner('platform-ledger').verifierKey, witnessKeys: [demoSigner('tax-node-witness').verifierKey] };

test('anyone who can name an invoice (number, date, amount) gets its proof from the tax node; a wrong detail and an unknown number get one same answer', async (t) => {
  const nodes = await startTwoNodes(t, { PUBLIC_VERIFY_PER_MINUTE: '4' });
  const inv = await issueCosigned(nodes);
  const url = (q: Record<string, string>) => `${nodes.tax.url}/proofs?${new URLSearchParams(q).toString()}`;

  const ok = await fetch(url({ number: inv.number, date: inv.issueDate, amount: inv.gross }));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-disposition'), `attachment; filename="${inv.number}.tlog-proof"`);
  assert.match(ok.headers.get('x-invoice-status') ?? '', /^invoice=ISSUED; /u);
  const verdict = verifyInvoiceProof(await ok.text(), policy);
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.document.number, inv.number);

  const wrongAmount = await fetch(url({ number: inv.number, date: inv.issueDate, amount: '1.00' }));
  const unknown = await fetch(url({ number: '9'.repeat(20), date: inv.issueDate, amount: inv.gross }));
  assert.equal(wrongAmount.status, 404);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await wrongAmount.json(), await unknown.json());

  // the budget (4 a minute, a sliding window) runs out within a few more requests
  let limited = await fetch(url({ number: inv.number, date: inv.issueDate, amount: inv.gross }));
  for (let i = 0; i < 8 && limited.status !== 429; i += 1) limited = await fetch(url({ number: inv.number, date: inv.issueDate, amount: inv.gross }));
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(((await limited.json()) as { message: string }).message, /try again in \d+ seconds/u);
});

test('the tax authority renders byte for byte the XML and PDF the platform serves; without its key, 404', async (t) => {
  const nodes = await startTwoNodes(t);
  const inv = await issueCosigned(nodes);
  for (const ext of ['xml', 'pdf']) {
    const fromPlatform = await fetch(`${nodes.platform.url}/invoices/${inv.id}/document.${ext}`, { headers: { Authorization: `Bearer ${DEMO_MERCHANT.apiKey}` } });
    const fromTaxNode = await fetch(`${nodes.tax.url}/invoices/${inv.number}/document.${ext}`, { headers: { Authorization: `Bearer ${DEMO_TAX_AUTHORITY_KEY}` } });
    assert.equal(fromPlatform.status, 200);
    assert.equal(fromTaxNode.status, 200);
    assert.equal(fromTaxNode.headers.get('etag'), fromPlatform.headers.get('etag'), ext);
    assert.deepEqual(Buffer.from(await fromTaxNode.arrayBuffer()), Buffer.from(await fromPlatform.arrayBuffer()));
    assert.equal((await fetch(`${nodes.tax.url}/invoices/${inv.number}/document.${ext}`)).status, 404);
  }
});
