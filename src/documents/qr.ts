// The 查验 QR code of a 数电票 and the link to the tax node's public verification page.
//
// Content: eight comma-separated fields, as real 数电票 QR codes read (public invoice-parsing
// code and OCR samples on GitHub, e.g. "01,32,,25432000000031411143,655.00,20250311,,19E3"):
//   1 version            01
//   2 invoice type code  32 电子发票（普通发票）, 31 电子发票（增值税专用发票） (a parser's
//                        examples label 01,31 as 增值税专用发票 and 01,32 as 普通发票)
//   3 invoice code       empty: a 数电票 has no separate 发票代码
//   4 invoice number     20 digits
//   5 amount             价税合计, the tax-INCLUSIVE total: an OCR sample pairs
//                        "…,458.89,20260515,,3050" with 不含税 406.10 and 大写 肆佰伍拾捌圆捌角玖分,
//                        and QR cross-checks compare it with amount_including_tax
//   6 issue date         yyyymmdd (Beijing)
//   7 check code         empty: 数电票 print no 校验码
//   8 check digits       4 uppercase hex digits. The tax system's algorithm is not published;
//                        ours is the first two bytes of SHA-256 over fields 1–7 joined by commas,
//                        so a scanner can tell a mistyped string from a real one, and every node
//                        computes the same value.
import { sha256 } from '@noble/hashes/sha2.js';
import QRCode from 'qrcode';
import { formatYuan } from '../domain/index.js';
import type { InvoiceDocument } from './model.js';

export const QR_VERSION = '01';

export function invoiceTypeCode(doc: Pick<InvoiceDocument, 'vatType'>): '31' | '32' {
  return doc.vatType === 'SPECIAL' ? '31' : '32';
}

function checkDigits(head: string): string {
  return Buffer.from(sha256(new TextEncoder().encode(head)).subarray(0, 2)).toString('hex').toUpperCase();
}

/** The national 查验 string of a document. */
export function checkQrString(doc: InvoiceDocument): string {
  const head = [QR_VERSION, invoiceTypeCode(doc), '', doc.number, formatYuan(doc.totals.gross), doc.issueDate.replaceAll('-', ''), ''].join(',');
  return `${head},${checkDigits(head)}`;
}

/** The fields of a 查验 string; null unless it has the eight fields and valid check digits. */
export function parseCheckQrString(text: string): { typeCode: string; number: string; amount: string; date: string } | null {
  const fields = text.split(',');
  if (fields.length !== 8 || fields[0] !== QR_VERSION) return null;
  const head = fields.slice(0, 7).join(',');
  if (fields[7] !== checkDigits(head)) return null;
  const [, typeCode = '', , number = '', amount = '', date = ''] = fields;
  if (!/^\d{20}$/u.test(number) || !/^-?\d+\.\d{2}$/u.test(amount) || !/^\d{8}$/u.test(date)) return null;
  return { typeCode, number, amount, date };
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * `<taxNodeUrl>/verify?number=…&date=…&amount=…&leaf=<base64url leaf hash>`: scanning it opens
 * the tax node's public page, which finds the entry by its leaf hash and shows its proof.
 */
export function verificationUrl(doc: InvoiceDocument, taxNodeUrl: string): string {
  const base = new URL(taxNodeUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new RangeError('taxNodeUrl must be http(s)');
  const url = new URL('verify', base.href.endsWith('/') ? base.href : `${base.href}/`);
  url.searchParams.set('number', doc.number);
  url.searchParams.set('date', doc.issueDate);
  url.searchParams.set('amount', formatYuan(doc.totals.gross));
  url.searchParams.set('leaf', base64url(doc.ledger.leafHash));
  return url.href;
}

/** The QR symbol's modules (dark = true), row-major; level M, as printed invoices use. */
export interface QrMatrix {
  readonly size: number;
  isDark(row: number, col: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = symbol.modules;
  return { size, isDark: (row, col) => symbol.modules.get(row, col) === 1 };
}
