import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { formatYuan } from '../../src/domain/index.js';
import {
  buildInvoiceDocument, checkQrString, parseCheckQrString, qrMatrix, renderInvoicePdf, verificationUrl, type InvoiceDocument,
} from '../../src/documents/index.js';
import { issuedEntry, MERCHANT, positionOf, redEntry, TAX_NODE_URL } from './fixtures.js';

// jsqr is a CommonJS bundle whose types declare an ES default export
type DecodeQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: DecodeQr }).default ?? jsQRModule) as unknown as DecodeQr;

const has = (tool: string): boolean => spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined;
const POPPLER = has('pdftotext') && has('pdftoppm');
const NO_POPPLER = 'poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install -y poppler-utils';

function documentOf(entry: ReturnType<typeof issuedEntry>): InvoiceDocument {
  return buildInvoiceDocument(entry, positionOf(entry), MERCHANT);
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-docs-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the 查验 string: version, type 32, empty code, number, tax-inclusive amount, date, empty check code, check digits', () => {
  const doc = documentOf(issuedEntry({ lines: 2 }));
  const qr = checkQrString(doc);
  const fields = qr.split(',');
  assert.equal(fields.length, 8);
  assert.deepEqual(fields.slice(0, 7), ['01', '32', '', doc.number, formatYuan(doc.totals.gross), '20261121', '']);
  assert.match(fields[7] ?? '', /^[0-9A-F]{4}$/u);
  assert.deepEqual(parseCheckQrString(qr), { typeCode: '32', number: doc.number, amount: formatYuan(doc.totals.gross), date: '20261121' });
  // a mistyped digit no longer matches its check digits
  assert.equal(parseCheckQrString(qr.replace(doc.number, doc.number.replace(/1$/u, '2'))), null);
});

test('the verification link carries number, date, amount and the base64url leaf hash', () => {
  const doc = documentOf(issuedEntry());
  const url = new URL(verificationUrl(doc, `${TAX_NODE_URL}/`));
  assert.equal(url.origin + url.pathname, `${TAX_NODE_URL}/verify`);
  assert.equal(url.searchParams.get('number'), doc.number);
  assert.equal(url.searchParams.get('date'), doc.issueDate);
  assert.equal(url.searchParams.get('amount'), formatYuan(doc.totals.gross));
  assert.deepEqual(Buffer.from(url.searchParams.get('leaf') ?? '', 'base64url'), Buffer.from(doc.ledger.leafHash));
});

test('the QR symbol decodes back to the exact 查验 string', () => {
  const text = checkQrString(documentOf(issuedEntry({ lines: 3 })));
  const matrix = qrMatrix(text);
  const scale = 4;
  const quiet = 4;
  const side = (matrix.size + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const row = Math.floor(y / scale) - quiet;
      const col = Math.floor(x / scale) - quiet;
      if (row >= 0 && col >= 0 && row < matrix.size && col < matrix.size && matrix.isDark(row, col)) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  assert.equal(jsQR(pixels, side, side)?.data, text);
});

test('same document, same PDF bytes; the dates are the issue time', async () => {
  const doc = documentOf(issuedEntry({ lines: 4 }));
  const [a, b] = await Promise.all([renderInvoicePdf(doc, { taxNodeUrl: TAX_NODE_URL }), renderInvoicePdf(doc, { taxNodeUrl: TAX_NODE_URL })]);
  assert.ok(a.subarray(0, 5).toString('latin1') === '%PDF-');
  assert.ok(a.equals(b));
  const text = a.toString('latin1');
  // pdfkit writes each info value as an indirect object; both dates are the issue instant
  const dateRef = (key: string): string => new RegExp(`/${key} (\\d+) 0 R`, 'u').exec(text)?.[1] ?? 'missing';
  for (const key of ['CreationDate', 'ModDate']) assert.ok(text.includes(`\n${dateRef(key)} 0 obj\n(D:20261121093015Z)\n`), key);
  // another invoice differs
  const other = await renderInvoicePdf(documentOf(issuedEntry({ lines: 4, seed: 2 })), { taxNodeUrl: TAX_NODE_URL });
  assert.ok(!other.equals(a));
});

test('the PDF embeds a subset CJK font with a ToUnicode map', async () => {
  const pdf = (await renderInvoicePdf(documentOf(issuedEntry()), { taxNodeUrl: TAX_NODE_URL })).toString('latin1');
  assert.match(pdf, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/u);
  assert.match(pdf, /\/ToUnicode \d+ 0 R/u);
  assert.match(pdf, /\/FontFile2 \d+ 0 R/u);
  assert.ok(pdf.length < 200_000, `a one-page invoice stays small (${pdf.length} bytes): the font is subset`);
});

test('pdftotext finds the number, the amounts, the buyer and the red marking; 20 lines fit on one page', { skip: POPPLER ? false : NO_POPPLER }, async () => {
  const blue = issuedEntry({ lines: 20, seed: 7 });
  const cases: [string, InvoiceDocument][] = [['blue', documentOf(blue)], ['red', documentOf(redEntry(blue))]];
  for (const [name, doc] of cases) {
    const pdf = await renderInvoicePdf(doc, { taxNodeUrl: TAX_NODE_URL });
    withTempDir((dir) => {
      const file = path.join(dir, `${name}.pdf`);
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /^Pages:\s+1$/mu);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const expected of [doc.number, formatYuan(doc.totals.gross), formatYuan(doc.totals.net), formatYuan(doc.totals.tax), doc.capitalAmount, doc.buyer.name, '电子发票（普通发票）']) {
        assert.ok(text.includes(expected), `${name}: ${expected}`);
      }
      for (const line of doc.lines) assert.ok(text.includes(formatYuan(line.net)), `${name}: line ${line.lineNo}`);
      if (doc.kind === 'RED') {
        assert.ok(text.includes('红字发票'));
        assert.ok(text.includes(doc.reverses?.number ?? 'missing'));
      }
    });
  }
});

test('the QR code printed at the top left of the page decodes to the 查验 string', { skip: POPPLER ? false : NO_POPPLER }, async () => {
  const doc = documentOf(issuedEntry({ lines: 2 }));
  const pdf = await renderInvoicePdf(doc, { taxNodeUrl: TAX_NODE_URL });
  withTempDir((dir) => {
    const file = path.join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    // only the top-left corner (the QR), at 150 dpi
    execFileSync('pdftoppm', ['-r', '150', '-png', '-x', '0', '-y', '0', '-W', '260', '-H', '220', '-singlefile', file, path.join(dir, 'corner')]);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'corner.png')));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(decoded?.data, checkQrString(doc));
  });
});

test('past 20 lines the face says so and every line is on the attached list page', { skip: POPPLER ? false : NO_POPPLER }, async () => {
  const doc = documentOf(issuedEntry({ lines: 45, seed: 3 }));
  const pdf = await renderInvoicePdf(doc, { taxNodeUrl: TAX_NODE_URL });
  withTempDir((dir) => {
    const file = path.join(dir, 'long.pdf');
    writeFileSync(file, pdf);
    assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /^Pages:\s+2$/mu);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes('共45行，第20行起详见所附清单'));
    for (const line of doc.lines) assert.ok(text.includes(`第${line.lineNo}项`), `line ${line.lineNo}`);
    assert.ok(text.includes(formatYuan(doc.totals.gross)));
  });
});
