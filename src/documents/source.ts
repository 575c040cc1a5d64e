// What a document is rendered from: one `invoice.issued` ledger entry (blue or red, LEDGER.md
// §1, written by src/invoices/apply-issue.ts and reverse.ts) and its position in the log. A
// decoded entry is a plain object today; readIssuedEntry checks that shape strictly, so the
// typed event that replaces it can be passed as it is (same fields).
import { DomainError, isTaxRate, type Fen, type TaxRate } from '../domain/index.js';

export interface IssuedLine {
  readonly lineNo: number;
  readonly name: string;
  readonly taxCode: string;
  readonly quantity: string;
  /** Tax-inclusive unit price as paid, in fen; null when a refund reshaped the line. */
  readonly unitPrice: Fen | null;
  readonly taxRate: TaxRate;
  readonly net: Fen;
  readonly tax: Fen;
  readonly gross: Fen;
}

export interface IssuedInvoiceData {
  readonly merchantId: string;
  readonly payment: string;
  readonly number: string;
  readonly issueDate: string;
  readonly kind: 'BLUE' | 'RED';
  readonly seller: { readonly name: string; readonly taxpayerId: string };
  readonly buyer: { readonly type: 'INDIVIDUAL' | 'ORGANIZATION'; readonly name: string; readonly taxpayerId: string | null };
  readonly lines: readonly IssuedLine[];
  readonly net: Fen;
  readonly tax: Fen;
  readonly gross: Fen;
  readonly capitalAmount: string;
  /** RED only: the blue invoice reversed, its number and the reason code. */
  readonly reverses?: string;
  readonly reversesNumber?: string;
  readonly reason?: string;
}

/** The `invoice.issued` event, as decoded from its leaf bytes. */
export interface InvoiceIssuedEvent {
  readonly type: 'invoice.issued';
  /** ISO-8601 UTC instant of issuance. */
  readonly at: string;
  readonly actor: { readonly role: string; readonly id: string };
  readonly subject: { readonly kind: string; readonly id: string };
  readonly data: IssuedInvoiceData;
}

/** Where the entry sits in the ledger. */
export interface LedgerPosition {
  readonly index: number;
  /** RFC 9162 leaf hash of the entry's exact bytes. */
  readonly leafHash: Uint8Array;
}

/** The merchant registry fields a document may be checked against (src/access Merchant). */
export interface MerchantRecord {
  readonly id: string;
  readonly name: string;
  readonly taxpayerId: string;
  readonly region: string;
}

function bad(reason: string): DomainError {
  return new DomainError('DOCUMENT.BAD_ENTRY', `not an invoice.issued entry: ${reason}`, { reason });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function readLine(value: unknown, i: number): IssuedLine {
  if (!isObject(value)) throw bad(`line ${i + 1} is not an object`);
  const { lineNo, name, taxCode, quantity, unitPrice, taxRate, net, tax, gross } = value;
  if (lineNo !== i + 1) throw bad(`line ${i + 1} has lineNo ${String(lineNo)}`);
  if (!isString(name) || !isString(taxCode) || !isString(quantity)) throw bad(`line ${i + 1} lacks name, taxCode or quantity`);
  if (!/^-?(?:0|[1-9]\d{0,11})(?:\.\d{1,6})?$/u.test(quantity)) throw bad(`line ${i + 1} quantity "${quantity}"`);
  if (unitPrice !== null && !isFen(unitPrice)) throw bad(`line ${i + 1} unitPrice`);
  if (!isTaxRate(taxRate)) throw bad(`line ${i + 1} taxRate`);
  if (!isFen(net) || !isFen(tax) || !isFen(gross) || net + tax !== gross) throw bad(`line ${i + 1} amounts`);
  return { lineNo, name, taxCode, quantity, unitPrice, taxRate, net, tax, gross };
}

/**
 * Checks a decoded entry (a plain object or the typed event) and returns it typed. Throws
 * DomainError DOCUMENT.BAD_ENTRY naming the first field that is missing or inconsistent.
 */
export function readIssuedEntry(entry: unknown): InvoiceIssuedEvent {
  if (!isObject(entry) || entry.type !== 'invoice.issued') throw bad('type is not invoice.issued');
  const { at, actor, subject, data } = entry;
  if (!isString(at) || Number.isNaN(Date.parse(at))) throw bad('at');
  if (!isObject(actor) || !isString(actor.role) || !isString(actor.id)) throw bad('actor');
  if (!isObject(subject) || subject.kind !== 'invoice' || !isString(subject.id)) throw bad('subject');
  if (!isObject(data)) throw bad('data');
  const { merchantId, payment, number, issueDate, kind, seller, buyer, lines, net, tax, gross, capitalAmount } = data;
  if (!isString(merchantId) || !isString(payment)) throw bad('merchantId or payment');
  if (!isString(number) || !/^\d{20}$/u.test(number)) throw bad('number');
  if (!isString(issueDate) || !/^\d{4}-\d{2}-\d{2}$/u.test(issueDate)) throw bad('issueDate');
  if (kind !== 'BLUE' && kind !== 'RED') throw bad('kind');
  if (!isObject(seller) || !isString(seller.name) || !isString(seller.taxpayerId)) throw bad('seller');
  if (!isObject(buyer) || (buyer.type !== 'INDIVIDUAL' && buyer.type !== 'ORGANIZATION') || !isString(buyer.name)) throw bad('buyer');
  if (buyer.taxpayerId !== null && !isString(buyer.taxpayerId)) throw bad('buyer.taxpayerId');
  if (!Array.isArray(lines) || lines.length === 0) throw bad('lines');
  if (!isFen(net) || !isFen(tax) || !isFen(gross) || !isString(capitalAmount)) throw bad('totals');
  const typedLines = lines.map(readLine);
  // the face shows the entry's totals; they must be the sums of its lines (domain/tax.ts rule)
  const sum = (key: 'net' | 'tax' | 'gross') => typedLines.reduce((s, l) => s + l[key], 0);
  if (sum('net') !== net || sum('tax') !== tax || sum('gross') !== gross) throw bad('totals are not the sums of the lines');
  const red = kind === 'RED';
  if (red && (!isString(data.reverses) || !isString(data.reversesNumber) || !isString(data.reason))) throw bad('a red invoice names what it reverses');
  return {
    type: 'invoice.issued', at, actor: { role: actor.role, id: actor.id }, subject: { kind: 'invoice', id: subject.id },
    data: {
      merchantId, payment, number, issueDate, kind,
      seller: { name: seller.name, taxpayerId: seller.taxpayerId },
      buyer: { type: buyer.type, name: buyer.name, taxpayerId: buyer.taxpayerId },
      lines: typedLines, net, tax, gross, capitalAmount,
      ...(red ? { reverses: data.reverses as string, reversesNumber: data.reversesNumber as string, reason: data.reason as string } : {}),
    },
  };
}
