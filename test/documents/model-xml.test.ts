import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError, toCapitalAmount } from '../../src/domain/index.js';
import {
  buildInvoiceDocument, invoiceDocumentFromLeaf, parseInvoiceXml, renderInvoiceXml, unitPriceOf,
} from '../../src/documents/index.js';
import { canonicalJsonBytes } from '../../src/ledger/index.js';
import { issuedEntry, MERCHANT, positionOf, redEntry } from './fixtures.js';

const code = (expected: string) => (error: unknown) => isDomainError(error) && error.code === expected;

test('the document carries what the issued entry says, with totals in fen and the amount in capitals', () => {
  const entry = issuedEntry({ lines: 3 });
  const doc = buildInvoiceDocument(entry, positionOf(entry), MERCHANT);
  const data = entry.data as { number: string; net: number; tax: number; gross: number };
  assert.equal(doc.number, data.number);
  assert.equal(doc.kind, 'BLUE');
  assert.equal(doc.title, '电子发票（普通发票）');
  assert.deepEqual(doc.totals, { net: data.net, tax: data.tax, gross: data.gross });
  assert.equal(doc.capitalAmount, toCapitalAmount(data.gross));
  assert.equal(doc.issueTime, '2026-11-21 17:30:15'); // Beijing wall time of 09:30:15Z
  assert.equal(doc.lines[0]?.itemName, '*餐饮服务*咖啡');
  assert.equal(doc.lines[1]?.itemName, '*货物*笔记本电脑');
  assert.equal(doc.taxBureau.code, '14400000000');
  assert.equal(doc.taxBureau.name, '国家税务总局广东省税务局');
  assert.equal(doc.reverses, null);
  assert.equal(doc.ledger.index, 41);
});

test('a red document names the blue invoice it reverses, with negated amounts', () => {
  const blue = issuedEntry({ lines: 2 });
  const red = buildInvoiceDocument(redEntry(blue), positionOf(redEntry(blue), 42), MERCHANT);
  assert.equal(red.kind, 'RED');
  assert.equal(red.reverses?.number, (blue.data as { number: string }).number);
  assert.ok(red.totals.gross < 0);
  assert.ok(red.capitalAmount.startsWith('负'));
  assert.match(red.remarks, /被红冲蓝字数电发票号码：26441000000000001001；红冲原因：销货退回/u);
  assert.ok(red.lines.every((l) => l.quantity.startsWith('-') && l.net <= 0));
});

test('the unit price is the exact tax-exclusive price, half-up to 8 places', () => {
  assert.equal(unitPriceOf(100, '3'), '0.33333333');
  assert.equal(unitPriceOf(200, '3'), '0.66666667');
  assert.equal(unitPriceOf(-300017, '-3'), '1000.05666667');
  assert.equal(unitPriceOf(12345, '0.5'), '246.9');
  assert.equal(unitPriceOf(100000, '1'), '1000');
});

test('an entry that is not a well-formed issue, or another merchant\'s record, is refused', () => {
  const entry = issuedEntry();
  assert.throws(() => buildInvoiceDocument({ ...entry, type: 'invoice.applied' }, positionOf(entry), MERCHANT), code('DOCUMENT.BAD_ENTRY'));
  const badTotals = { ...entry, data: { ...entry.data, gross: 1 } };
  assert.throws(() => buildInvoiceDocument(badTotals, positionOf(entry), MERCHANT), code('DOCUMENT.BAD_ENTRY'));
  assert.throws(() => buildInvoiceDocument(entry, positionOf(entry), { ...MERCHANT, id: 'm_other' }), code('DOCUMENT.MERCHANT_MISMATCH'));
  assert.throws(() => invoiceDocumentFromLeaf(new TextEncoder().encode('{"v":1,"type":"payment.succeeded"}'), 0), code('DOCUMENT.BAD_ENTRY'));
});

test('XML round trip: every field parses back to the document', () => {
  for (const entry of [issuedEntry({ lines: 1 }), issuedEntry({ lines: 20, seed: 7 }), redEntry(issuedEntry({ lines: 4 }))]) {
    const doc = buildInvoiceDocument(entry, positionOf(entry), MERCHANT);
    const xml = renderInvoiceXml(doc);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<EInvoice>'));
    const parsed = parseInvoiceXml(xml);
    assert.equal(parsed.number, doc.number);
    assert.equal(parsed.kind, doc.kind);
    assert.equal(parsed.vatType, doc.vatType);
    assert.deepEqual(parsed.seller, doc.seller);
    assert.deepEqual(parsed.buyer, { name: doc.buyer.name, taxpayerId: doc.buyer.taxpayerId });
    assert.deepEqual(parsed.totals, doc.totals);
    assert.equal(parsed.capitalAmount, doc.capitalAmount);
    assert.equal(parsed.drawer, doc.drawer);
    assert.equal(parsed.requestTime, doc.issueTime);
    assert.equal(parsed.issueTime, doc.issueTime);
    assert.equal(parsed.remarks, doc.remarks);
    assert.deepEqual(parsed.taxBureau, doc.taxBureau);
    assert.equal(parsed.reversesNumber, doc.reverses?.number ?? null);
    assert.deepEqual(parsed.lines, doc.lines.map((l) => ({
      itemName: l.itemName, specification: l.specification, unit: l.unit, quantity: l.quantity, unitPrice: l.unitPrice,
      net: l.net, taxRate: l.taxRate, tax: l.tax, gross: l.gross, taxClassificationCode: l.taxClassificationCode,
    })));
  }
});

test('XML uses the national element names and exact yuan strings', () => {
  const entry = issuedEntry({ lines: 2 });
  const xml = renderInvoiceXml(buildInvoiceDocument(entry, positionOf(entry), MERCHANT));
  for (const name of [
    'Header', 'EIid', 'InherentLabel', 'GeneralOrSpecialVAT', 'EInvoiceData', 'SellerInformation', 'BuyerInformation', 'BasicInformation',
    'TotalAmWithoutTax', 'TotalTaxAm', 'TotalTax-includedAmount', 'TotalTax-includedAmountInChinese', 'Drawer', 'RequestTime',
    'IssuItemInformation', 'TaxClassificationCode', 'SpecificInformation', 'AdditionalInformation', 'TaxSupervisionInfo',
    'InvoiceNumber', 'IssueTime', 'TaxBureauCode', 'TaxBureauName',
  ]) assert.ok(xml.includes(`<${name}>`) || xml.includes(`<${name}></${name}>`), name);
  const data = entry.data as { gross: number };
  assert.ok(xml.includes(`<TotalTax-includedAmount>${Math.trunc(data.gross / 100)}.${String(data.gross % 100).padStart(2, '0')}</TotalTax-includedAmount>`));
});

test('same entry, same XML bytes; names with markup are escaped and read back', () => {
  const entry = issuedEntry({ lines: 5, seed: 3 });
  const a = renderInvoiceXml(buildInvoiceDocument(entry, positionOf(entry), MERCHANT));
  const again = JSON.parse(new TextDecoder().decode(canonicalJsonBytes(entry))) as unknown;
  const b = renderInvoiceXml(buildInvoiceDocument(again, positionOf(entry), null));
  assert.equal(a, b);
  const tricky = issuedEntry();
  const buyer = { type: 'ORGANIZATION', name: 'A&B <Ltd> "x"', taxpayerId: '91330100MA2CXR4U5K' };
  const withMarkup = { ...tricky, data: { ...tricky.data, buyer } };
  const xml = renderInvoiceXml(buildInvoiceDocument(withMarkup, positionOf(tricky), MERCHANT));
  assert.ok(!xml.includes('<Ltd>'));
  assert.equal(parseInvoiceXml(xml).buyer.name, buyer.name);
});
