// Both nodes render the same bytes: invoices issued and reversed through the platform's real
// HTTP API, the sealed blocks accepted by a tax node's mirror, and every invoice.issued entry's
// XML and PDF rebuilt from each node's own copy of the leaf bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntry, buildTlogProof, formatTlogProof } from '../../src/ledger/index.js';
import { formatYuan } from '../../src/domain/index.js';
import { invoiceDocumentFromLeaf, renderInvoicePdf, renderInvoiceXml, verifyInvoiceProof } from '../../src/documents/index.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { acceptBlock } from '../../src/witness/index.js';
import { openMirror } from '../support/mirror.js';
import { demoSigner } from '../support/ledger-fixture.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT } from '../support/platform-harness.js';
import { TAX_NODE_URL } from './fixtures.js';

interface Inv { id: string; number: string; gross: string; kind: string }

test('the platform and the tax node render byte-identical XML and PDF for every issued invoice, blue and red', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const items = [
    { name: '笔', quantity: 2, unitPrice: 3200, taxRate: '13%', taxCode: '1060512990000000000' },
    { name: '软件维护', quantity: 1, unitPrice: 10600, taxRate: '6%', taxCode: '3040201010000000000' },
  ];
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 17000, items }));
  assert.equal(hook.status, 200);
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方公司", taxpayerId: "91440300MA5BUYER26" } }) { id } }',
    { t: (hook.body as { applyToken: string }).applyToken },
  );
  const issued = await p.gql<{ issueInvoice: Inv }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number gross kind } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.ok(issued.data, JSON.stringify(issued.errors));
  const blue = issued.data.issueInvoice;
  p.clock.advance(60_000);
  const reversed = await p.gql<{ reverseInvoice: { red: Inv } }>('mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { red { id number gross kind } } }', { id: blue.id }, DEMO_MERCHANT.apiKey);
  assert.ok(reversed.data, JSON.stringify(reversed.errors));
  const red = reversed.data.reverseInvoice.red;

  // the tax node's own copy, block by block; its cosignatures go back to the platform
  p.platform.ledger.seal();
  const mirror = openMirror(p.clock);
  t.after(() => mirror.close());
  const source = createSqliteLedgerStore(p.platform.db);
  const origin = demoSigner('platform-ledger').name;
  let from = 0;
  for (const cp of source.checkpointsAfter(0, 100)) {
    const outcome = acceptBlock(mirror.deps, { origin, checkpoint: cp.note, firstIndex: from, leaves: [...source.entries(from, cp.size)].map((e) => e.data) });
    assert.equal(outcome.kind, 'accepted');
    if (outcome.kind === 'accepted') p.platform.ledger.attachCosignature(cp.size, outcome.cosignature);
    from = cp.size;
  }

  const merchant = p.platform.merchants.get(DEMO_MERCHANT.id);
  const issuedIndexes = [...source.entries(0, p.platform.ledger.size())].filter((e) => decodeEntry(e.data).type === 'invoice.issued').map((e) => e.index);
  assert.equal(issuedIndexes.length, 2);
  for (const index of issuedIndexes) {
    const platformLeaf = p.platform.ledger.entry(index).data;
    const mirrorLeaf = mirror.followed.mirror.ledger.entry(index)?.data;
    assert.ok(mirrorLeaf);
    const onPlatform = invoiceDocumentFromLeaf(platformLeaf, index, merchant);
    const onTaxNode = invoiceDocumentFromLeaf(mirrorLeaf, index, null);
    const xml = renderInvoiceXml(onPlatform);
    assert.equal(renderInvoiceXml(onTaxNode), xml);
    const [pdfA, pdfB] = await Promise.all([renderInvoicePdf(onPlatform, { taxNodeUrl: TAX_NODE_URL }), renderInvoicePdf(onTaxNode, { taxNodeUrl: TAX_NODE_URL })]);
    assert.ok(pdfA.equals(pdfB), `PDF of entry ${index}`);

    // what the API said is what the document says
    const expected = onPlatform.kind === 'BLUE' ? blue : red;
    assert.equal(onPlatform.number, expected.number);
    assert.equal(formatYuan(onPlatform.totals.gross), expected.gross);
    if (onPlatform.kind === 'RED') assert.equal(onPlatform.reverses?.number, blue.number);

    // and the offline proof from the platform carries the same entry and XML
    const verdict = verifyInvoiceProof(formatTlogProof(buildTlogProof(p.platform.ledger, index)), {
      logKey: demoSigner('platform-ledger').verifierKey, witnessKeys: [demoSigner('tax-node-witness').verifierKey],
    }, new TextEncoder().encode(xml));
    assert.ok(verdict.ok && verdict.xmlMatches, JSON.stringify(verdict));
  }
});
