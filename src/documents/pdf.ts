// The PDF a person reads and prints: one A4-landscape page (plus 清单 pages past 20 lines) laid out like a 数电票 (title
// 电子发票（普通发票）, number and date at top right, the 查验 QR code at top left, buyer and
// seller blocks, the table of lines, totals, the amount in capitals, remarks, the drawer).
// Text is set in Noto Sans SC (SIL OFL 1.1, from the npm package @expo-google-fonts/noto-sans-sc),
// embedded as a subset with a ToUnicode map by pdfkit, so text extracts (pdftotext).
// Same document → same bytes: CreationDate/ModDate are the issue time, and pdfkit derives the
// trailer /ID from the info dictionary (no randomness without encryption).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatYuan } from '../domain/index.js';
import type { DocumentLine, InvoiceDocument } from './model.js';
import { checkQrString, qrMatrix, verificationUrl } from './qr.js';

const require = createRequire(import.meta.url);
const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

// Parsed once per process: fontkit reads tables lazily, and pdfkit accepts a fontkit font
// object, so each document only pays for the glyphs it uses (its own subset).
let cjkFont: fontkit.Font | null = null;
function font(): fontkit.Font {
  cjkFont ??= fontkit.create(readFileSync(require.resolve(FONT_FILE))) as fontkit.Font;
  return cjkFont;
}

export interface PdfOptions {
  /** The tax node's public base URL, printed as the verification link. */
  readonly taxNodeUrl: string;
}

const PAGE = { width: 842, height: 595 };
const LEFT = 36;
const RIGHT = PAGE.width - 36;
const FRAME = '#9c4a2f';
const RED = '#c81e1e';
const INK = '#111111';
const ROWS = 20;
const ROW_HEIGHT = 14;

// columns of the line table: [title, x, width, align]
const COLUMNS: readonly (readonly [string, number, number, 'left' | 'right' | 'center'])[] = [
  ['项目名称', LEFT + 4, 218, 'left'],
  ['规格型号', LEFT + 226, 70, 'left'],
  ['单位', LEFT + 300, 36, 'center'],
  ['数量', LEFT + 340, 66, 'right'],
  ['单价', LEFT + 410, 86, 'right'],
  ['金额', LEFT + 500, 90, 'right'],
  ['税率/征收率', LEFT + 594, 62, 'center'],
  ['税额', LEFT + 660, 102, 'right'],
];

type Doc = PDFKit.PDFDocument;

/** Writes text in one line within `width`, shrinking down to 5.5 pt and then cutting, never wrapping. */
function cell(doc: Doc, value: string, x: number, y: number, width: number, options: { size?: number; align?: 'left' | 'right' | 'center'; color?: string } = {}): void {
  let size = options.size ?? 8.5;
  doc.fontSize(size);
  while (size > 5.5 && doc.widthOfString(value) > width) {
    size -= 0.5;
    doc.fontSize(size);
  }
  let text = value;
  while (text.length > 1 && doc.widthOfString(text) > width) text = `${text.slice(0, -2)}…`;
  doc.fillColor(options.color ?? INK).text(text, x, y, { width, align: options.align ?? 'left', lineBreak: false });
}

function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(text);
  const quiet = 2;
  const module = size / (matrix.size + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < matrix.size; row += 1) {
    for (let col = 0; col < matrix.size; col += 1) {
      if (matrix.isDark(row, col)) doc.rect(x + (col + quiet) * module, y + (row + quiet) * module, module, module);
    }
  }
  doc.fill('#000000').restore();
}

const money = (fen: number): string => `¥${formatYuan(fen)}`;

function header(doc: Doc, invoice: InvoiceDocument): void {
  drawQr(doc, checkQrString(invoice), LEFT, 14, 74);
  const red = invoice.kind === 'RED';
  doc.fontSize(20).fillColor(FRAME).text(invoice.title, LEFT, 34, { width: RIGHT - LEFT, align: 'center', lineBreak: false });
  doc.moveTo(PAGE.width / 2 - 110, 62).lineTo(PAGE.width / 2 + 110, 62).lineWidth(0.8).strokeColor(FRAME).stroke();
  doc.moveTo(PAGE.width / 2 - 110, 65).lineTo(PAGE.width / 2 + 110, 65).stroke();
  if (red) {
    doc.roundedRect(PAGE.width / 2 + 122, 32, 52, 26, 4).lineWidth(1.5).strokeColor(RED).stroke();
    cell(doc, '红字发票', PAGE.width / 2 + 124, 38, 48, { size: 11, align: 'center', color: RED });
    cell(doc, `冲红蓝字发票号码：${invoice.reverses?.number ?? ''}`, LEFT + 200, 72, 360, { size: 9, align: 'center', color: RED });
  }
  const [y, m, d] = invoice.issueDate.split('-');
  cell(doc, `发票号码：${invoice.number}`, RIGHT - 190, 34, 190, { size: 9 });
  cell(doc, `开票日期：${y}年${m}月${d}日`, RIGHT - 190, 50, 190, { size: 9 });
}

function parties(doc: Doc, invoice: InvoiceDocument, top: number): number {
  const height = 58;
  const mid = PAGE.width / 2;
  doc.lineWidth(0.8).strokeColor(FRAME).rect(LEFT, top, RIGHT - LEFT, height).stroke();
  doc.moveTo(mid, top).lineTo(mid, top + height).stroke();
  doc.moveTo(LEFT + 22, top).lineTo(LEFT + 22, top + height).stroke();
  doc.moveTo(mid + 22, top).lineTo(mid + 22, top + height).stroke();
  const side = (x: number, label: string, name: string, id: string): void => {
    for (const [i, ch] of [...label].entries()) cell(doc, ch, x + 6, top + 4 + i * 10, 12, { size: 8.5, color: FRAME });
    cell(doc, `名称：${name}`, x + 28, top + 12, mid - LEFT - 36, { size: 9 });
    cell(doc, `统一社会信用代码/纳税人识别号：${id}`, x + 28, top + 32, mid - LEFT - 36, { size: 9 });
  };
  side(LEFT, '购买方信息', invoice.buyer.name, invoice.buyer.taxpayerId ?? '');
  side(mid, '销售方信息', invoice.seller.name, invoice.seller.taxpayerId);
  return top + height;
}

function lineRow(doc: Doc, line: DocumentLine, y: number, color: string): void {
  const values = [line.itemName, line.specification, line.unit, line.quantity, line.unitPrice, formatYuan(line.net), line.rateLabel, formatYuan(line.tax)];
  COLUMNS.forEach(([, x, width, align], c) => cell(doc, values[c] ?? '', x, y, width, { align, color }));
}

function columnTitles(doc: Doc, top: number): void {
  for (const [title, x, width] of COLUMNS) cell(doc, title, x, top + 4, width, { size: 8.5, align: 'center', color: FRAME });
}

const LIST_ROWS = 30;

/** The 清单 pages for lines beyond the face: number, page, column titles, LIST_ROWS lines each. */
function listPages(doc: Doc, invoice: InvoiceDocument): void {
  const rest = invoice.lines.slice(ROWS - 1);
  const pages = Math.ceil(rest.length / LIST_ROWS);
  const color = invoice.kind === 'RED' ? RED : INK;
  for (let page = 0; page < pages; page += 1) {
    doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    cell(doc, `${invoice.title} 销售货物或者提供应税劳务、服务清单`, LEFT, 28, RIGHT - LEFT, { size: 14, align: 'center', color: FRAME });
    cell(doc, `发票号码：${invoice.number}    开票日期：${invoice.issueDate}    第${page + 1}/${pages}页`, LEFT, 52, RIGHT - LEFT, { size: 9, align: 'center' });
    doc.lineWidth(0.8).strokeColor(FRAME).rect(LEFT, 72, RIGHT - LEFT, 16 + LIST_ROWS * ROW_HEIGHT + 4).stroke();
    columnTitles(doc, 72);
    rest.slice(page * LIST_ROWS, (page + 1) * LIST_ROWS).forEach((line, i) => lineRow(doc, line, 88 + i * ROW_HEIGHT + 2, color));
  }
}

function lines(doc: Doc, invoice: InvoiceDocument, top: number): number {
  const bodyTop = top + 16;
  const bottom = bodyTop + ROWS * ROW_HEIGHT;
  doc.lineWidth(0.8).strokeColor(FRAME).moveTo(LEFT, top).lineTo(LEFT, bottom + 18).stroke();
  doc.moveTo(RIGHT, top).lineTo(RIGHT, bottom + 18).stroke();
  columnTitles(doc, top);
  const color = invoice.kind === 'RED' ? RED : INK;
  // more lines than the face holds: the face says so and the rest follow as a list (清单) page
  const overflow = invoice.lines.length > ROWS;
  const onFace = overflow ? invoice.lines.slice(0, ROWS - 1) : invoice.lines;
  onFace.forEach((line, i) => lineRow(doc, line, bodyTop + i * ROW_HEIGHT + 2, color));
  if (overflow) {
    cell(doc, `（共${invoice.lines.length}行，第${ROWS}行起详见所附清单）`, LEFT + 4, bodyTop + (ROWS - 1) * ROW_HEIGHT + 2, 400, { color });
  }
  // 合计 row
  doc.moveTo(LEFT, bottom).lineTo(RIGHT, bottom).strokeColor(FRAME).lineWidth(0.5).stroke();
  cell(doc, '合        计', LEFT + 4, bottom + 4, 218, { size: 9, align: 'center', color: FRAME });
  const [, amountX, amountW] = COLUMNS[5] as (typeof COLUMNS)[number];
  const [, taxX, taxW] = COLUMNS[7] as (typeof COLUMNS)[number];
  cell(doc, money(invoice.totals.net), amountX, bottom + 4, amountW, { size: 9, align: 'right', color });
  cell(doc, money(invoice.totals.tax), taxX, bottom + 4, taxW, { size: 9, align: 'right', color });
  return bottom + 18;
}

function totalsAndRemarks(doc: Doc, invoice: InvoiceDocument, top: number, options: PdfOptions): void {
  const color = invoice.kind === 'RED' ? RED : INK;
  doc.lineWidth(0.8).strokeColor(FRAME).rect(LEFT, top, RIGHT - LEFT, 20).stroke();
  cell(doc, '价税合计（大写）', LEFT + 6, top + 5, 90, { size: 9, color: FRAME });
  cell(doc, `⊗ ${invoice.capitalAmount}`, LEFT + 104, top + 5, 330, { size: 9.5, color });
  cell(doc, '（小写）', RIGHT - 230, top + 5, 44, { size: 9, color: FRAME });
  cell(doc, money(invoice.totals.gross), RIGHT - 184, top + 5, 176, { size: 9.5, color });
  const boxTop = top + 20;
  const boxHeight = 52;
  doc.rect(LEFT, boxTop, RIGHT - LEFT, boxHeight).stroke();
  doc.moveTo(LEFT + 22, boxTop).lineTo(LEFT + 22, boxTop + boxHeight).stroke();
  for (const [i, ch] of [...'备注'].entries()) cell(doc, ch, LEFT + 6, boxTop + 12 + i * 14, 12, { size: 9, color: FRAME });
  const leaf = Buffer.from(invoice.ledger.leafHash).toString('hex');
  cell(doc, invoice.remarks, LEFT + 28, boxTop + 4, RIGHT - LEFT - 36, { size: 8.5, color: invoice.kind === 'RED' ? RED : INK });
  cell(doc, `账本索引：${invoice.ledger.index}    叶哈希：${leaf}`, LEFT + 28, boxTop + 19, RIGHT - LEFT - 36, { size: 7.5 });
  cell(doc, `查验：${verificationUrl(invoice, options.taxNodeUrl)}`, LEFT + 28, boxTop + 34, RIGHT - LEFT - 36, { size: 7.5 });
  cell(doc, `开票人：${invoice.drawer}`, LEFT + 28, boxTop + boxHeight + 10, 300, { size: 9 });
}

/** The document as PDF bytes (one page); identical bytes for the same document. */
export function renderInvoicePdf(invoice: InvoiceDocument, options: PdfOptions): Promise<Buffer> {
  const issued = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    compress: true,
    autoFirstPage: true,
    // the CJK font as the default font: pdfkit would otherwise parse Helvetica's AFM metrics
    // for every document (≈1.4 ms each, measured) although no Latin standard font is used.
    // pdfkit takes a fontkit font object as a source; its type lists only names and bytes.
    font: font() as unknown as string,
    info: {
      Title: `${invoice.title} ${invoice.number}`,
      Author: invoice.seller.name,
      Subject: `${invoice.kind === 'RED' ? '红字' : '蓝字'}发票 ${invoice.number}`,
      Producer: 'chain-invoice',
      Creator: 'chain-invoice',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, invoice);
  const afterParties = parties(doc, invoice, 96);
  const afterLines = lines(doc, invoice, afterParties);
  totalsAndRemarks(doc, invoice, afterLines, options);
  if (invoice.lines.length > ROWS) listPages(doc, invoice);
  doc.end();
  return done;
}
