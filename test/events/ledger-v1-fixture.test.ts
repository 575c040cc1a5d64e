// The frozen v1 ledger (written before entries had types) still verifies, decodes under the
// strict decoder, and replays through the fold into exactly the rows that code stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeLedgerEvent, foldLedger, foldLedgerEvent, emptyProjections, LEDGER_EVENT_TYPES, type LedgerEvent, type LedgerProjections,
} from '../../src/events/index.js';
import {
  equalBytes, leafHash, openCheckpoint, parseCosignatureLine, parseNote, parseVerifierKey, rootFromLeafHashes, toBase64, verifyCosignature,
} from '../../src/ledger/index.js';
import { bytesOf, V1_LEAVES, V1_LEDGER, V1_PROJECTIONS } from '../support/ledger-v1.js';

const decoded: LedgerEvent[] = V1_LEAVES.map((leaf) => decodeLedgerEvent(leaf));

test('the v1 fixture holds every v1 entry type', () => {
  assert.deepEqual(Object.keys(V1_LEDGER.entryTypes).sort(), [...LEDGER_EVENT_TYPES].sort());
  assert.deepEqual([...new Set(decoded.map((e) => e.type))].sort(), [...LEDGER_EVENT_TYPES].sort());
  assert.equal(V1_LEAVES.length, V1_LEDGER.size);
});

test('the v1 fixture verifies: leaf hashes, every checkpoint root, the platform signature and the tax node cosignature', () => {
  const platformKey = parseVerifierKey(V1_LEDGER.verifierKeys.platform);
  const witnessKey = parseVerifierKey(V1_LEDGER.verifierKeys.taxNodeWitness);
  const hashes = V1_LEAVES.map((leaf) => leafHash(leaf));
  V1_LEDGER.entries.forEach((e, i) => assert.equal(toBase64(hashes[i] as Uint8Array), e.leafHash, `leaf hash of entry ${i}`));
  assert.ok(V1_LEDGER.checkpoints.length >= 2);
  assert.equal(V1_LEDGER.checkpoints.at(-1)?.size, V1_LEDGER.size, 'the last checkpoint covers every entry');
  for (const cp of V1_LEDGER.checkpoints) {
    const opened = openCheckpoint(cp.note, platformKey);
    assert.equal(opened.origin, V1_LEDGER.origin);
    assert.equal(opened.size, cp.size);
    assert.ok(equalBytes(opened.root, rootFromLeafHashes(hashes.slice(0, cp.size))), `root at size ${cp.size}`);
    assert.ok(equalBytes(opened.root, bytesOf(cp.root)));
    assert.equal(cp.cosignatures.length, 1, `size ${cp.size} is cosigned`);
    const text = parseNote(cp.note).text;
    assert.ok(verifyCosignature(text, parseCosignatureLine(cp.cosignatures[0] as string), witnessKey), `cosignature at size ${cp.size}`);
  }
});

test('a changed leaf no longer reproduces its checkpoint root (the verification above can fail)', () => {
  const hashes = V1_LEAVES.map((leaf) => leafHash(leaf));
  const tampered = Uint8Array.from(V1_LEAVES[2] as Uint8Array);
  tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 1;
  hashes[2] = leafHash(tampered);
  const cp = V1_LEDGER.checkpoints.at(-1) as { root: string; size: number };
  assert.equal(equalBytes(rootFromLeafHashes(hashes.slice(0, cp.size)), bytesOf(cp.root)), false);
});

test('every v1 entry decodes under the strict decoder, from bytes and from its parsed object alike', () => {
  V1_LEAVES.forEach((leaf, i) => {
    const event = decoded[i] as LedgerEvent;
    assert.equal(event.type, V1_LEDGER.entries[i]?.type);
    assert.deepEqual(decodeLedgerEvent(JSON.parse(Buffer.from(leaf).toString('utf8')) as unknown), event);
  });
});

// the fold's state, in the shape of the rows the platform stored
const rowsOf = (p: LedgerProjections) => ({
  payments: [...p.payments.values()].map((x) => ({
    id: x.id, merchant_id: x.merchantId, payment_id: x.providerPaymentId, amount: x.amount, refunded: x.refunded, currency: x.currency, paid_at: x.paidAt,
    description: x.description, items: x.items, ledger_index: x.ledgerIndex, created_at: x.createdAt,
  })),
  refunds: [...p.refunds.values()].map((x) => ({ id: x.id, payment: x.payment, refund_id: x.providerRefundId, amount: x.amount, ledger_index: x.ledgerIndex, created_at: x.createdAt })),
  invoices: [...p.invoices.values()].map((x) => ({
    id: x.id, merchant_id: x.merchantId, payment: x.payment, status: x.status, kind: x.kind, buyer_type: x.buyer.type, buyer_name: x.buyer.name,
    buyer_taxpayer_id: x.buyer.taxpayerId, number: x.number, issue_date: x.issueDate, seller_name: x.seller?.name ?? null, seller_taxpayer_id: x.seller?.taxpayerId ?? null,
    net: x.net, tax: x.tax, gross: x.gross, capital_amount: x.capitalAmount, applied_index: x.appliedIndex, issued_index: x.issuedIndex, applied_at: x.appliedAt,
    issued_at: x.issuedAt, reverses: x.reverses, reversed_by: x.reversedBy, reversal_reason: x.reversalReason, reimbursement: x.reimbursement, tax_reported: x.taxReported ? 1 : 0,
  })),
  invoiceLines: [...p.invoices.values()].flatMap((x) => x.lines.map((l) => ({
    invoice: x.id, line_no: l.lineNo, name: l.name, tax_code: l.taxCode, quantity: l.quantity, unit_price: l.unitPrice, tax_rate: l.taxRate, net: l.net, tax: l.tax, gross: l.gross,
  }))).sort((a, b) => (a.invoice === b.invoice ? a.line_no - b.line_no : a.invoice < b.invoice ? -1 : 1)),
  reimbursementClaims: [...p.claims.values()].map((x) => ({
    id: x.id, invoice: x.invoice, employer_id: x.employerId, person_id: x.personId, status: x.status, amount: x.amount, reason: x.reason,
    claimed_index: x.claimedIndex, decided_index: x.decidedIndex, created_at: x.createdAt, decided_at: x.decidedAt,
  })),
  taxReports: [...p.taxReports.values()].map((x) => ({
    id: x.id, merchant_id: x.merchantId, period: x.period, version: x.version, previous: x.previous, rates: x.rates, invoice_count: x.invoiceCount,
    net: x.net, tax: x.tax, covered_root: x.coveredRoot, as_of_index: x.asOfIndex, ledger_index: x.ledgerIndex, filed_at: x.filedAt,
  })),
});

const stored = {
  ...V1_PROJECTIONS,
  payments: V1_PROJECTIONS.payments.map(({ items_json, ...r }) => ({ ...r, items: items_json === null ? null : (JSON.parse(String(items_json)) as unknown) })),
  // the covered indexes are the platform's own record; the ledger commits to them by their root
  taxReports: V1_PROJECTIONS.taxReports.map(({ rates_json, covered_indexes: _covered, ...r }) => ({ ...r, rates: JSON.parse(String(rates_json)) as unknown })),
};

test('replaying the v1 fixture through the fold rebuilds the rows the platform stored, table by table', () => {
  const rebuilt = rowsOf(foldLedger(decoded));
  assert.deepEqual(rebuilt.payments, stored.payments);
  assert.deepEqual(rebuilt.refunds, stored.refunds);
  assert.deepEqual(rebuilt.invoices, stored.invoices);
  assert.deepEqual(rebuilt.invoiceLines, stored.invoiceLines);
  assert.deepEqual(rebuilt.reimbursementClaims, stored.reimbursementClaims);
  assert.deepEqual(rebuilt.taxReports, stored.taxReports);
});

test('the fold one entry at a time equals the whole-ledger fold, and never changes the state it is given', () => {
  let state = emptyProjections();
  const snapshots: string[] = [];
  decoded.forEach((event, index) => {
    const before = JSON.stringify(rowsOf(state));
    const next = foldLedgerEvent(state, index, event);
    assert.equal(JSON.stringify(rowsOf(state)), before, `entry ${index} left the input state as it was`);
    snapshots.push(before);
    state = next;
  });
  assert.deepEqual(rowsOf(state), rowsOf(foldLedger(decoded)));
  assert.equal(state.size, V1_LEDGER.size);
  assert.throws(() => foldLedgerEvent(state, 3, decoded[3] as LedgerEvent), RangeError);
  assert.ok(snapshots.length === decoded.length);
});
