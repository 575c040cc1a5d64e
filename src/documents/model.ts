// The invoice as a document: everything printed on a 数电票, derived from one `invoice.issued`
// entry and its ledger position only, so either node regenerates it byte for byte from its own
// copy of the ledger. Amounts stay integer fen; text forms are made at the edges (XML, PDF).
import { DomainError, rateLabel, toCapitalAmount, type Fen, type TaxRate } from '../domain/index.js';
import { itemNameOf, reversalReasonLabel, taxBureauOf } from './labels.js';
import { readIssuedEntry, type InvoiceIssuedEvent, type LedgerPosition, type MerchantRecord } from './source.js';

export type DocumentKind = 'BLUE' | 'RED';
/** 普通发票 or 增值税专用发票; the platform issues ordinary invoices only (entries carry no type yet). */
export type VatInvoiceType = 'GENERAL' | 'SPECIAL';

export interface DocumentLine {
  readonly lineNo: number;
  /** `*类别*名称`. */
  readonly itemName: string;
  readonly specification: string;
  readonly unit: string;
  /** Exact decimal as on the entry (negative on a red invoice). */
  readonly quantity: string;
  /** Tax-exclusive unit price in yuan, up to 8 places, trailing zeros dropped. */
  readonly unitPrice: string;
  readonly net: Fen;
  readonly taxRate: TaxRate;
  readonly rateLabel: string;
  readonly tax: Fen;
  readonly gross: Fen;
  /** 19-digit 商品和服务税收分类编码. */
  readonly taxClassificationCode: string;
}

export interface InvoiceDocument {
  readonly invoiceId: string;
  readonly merchantId: string;
  readonly payment: string;
  readonly number: string;
  readonly kind: DocumentKind;
  readonly vatType: VatInvoiceType;
  /** 电子发票（普通发票） / 电子发票（增值税专用发票）. */
  readonly title: string;
  /** ISO-8601 UTC instant of issuance (the entry's `at`). */
  readonly issuedAt: string;
  /** Beijing date YYYY-MM-DD. */
  readonly issueDate: string;
  /** Beijing wall time `YYYY-MM-DD HH:mm:ss`. */
  readonly issueTime: string;
  readonly seller: { readonly name: string; readonly taxpayerId: string };
  readonly buyer: { readonly type: 'INDIVIDUAL' | 'ORGANIZATION'; readonly name: string; readonly taxpayerId: string | null };
  readonly lines: readonly DocumentLine[];
  readonly totals: { readonly net: Fen; readonly tax: Fen; readonly gross: Fen };
  readonly capitalAmount: string;
  readonly drawer: string;
  /** RED only: the blue invoice this one reverses. */
  readonly reverses: { readonly invoiceId: string; readonly number: string; readonly reason: string } | null;
  readonly remarks: string;
  readonly taxBureau: { readonly code: string; readonly name: string };
  readonly ledger: { readonly index: number; readonly leafHash: Uint8Array };
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijingWallTime(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** |net| / |quantity| in yuan, half-up to 8 places, exact (bigint), trailing zeros dropped. */
export function unitPriceOf(net: Fen, quantity: string): string {
  const q = quantity.replace(/^-/u, '');
  const [whole = '0', fraction = ''] = q.split('.');
  const digits = BigInt(`${whole}${fraction}`);
  if (digits === 0n) return '';
  const scale = 10n ** BigInt(fraction.length);
  const PLACES = 10n ** 8n;
  // price·10^8 = |net| / 100 · scale / digits · 10^8
  const numerator = BigInt(Math.abs(net)) * scale * PLACES;
  const denominator = 100n * digits;
  const scaled = (numerator * 2n + denominator) / (2n * denominator);
  const intPart = scaled / PLACES;
  const frac = (scaled % PLACES).toString().padStart(8, '0').replace(/0+$/u, '');
  return frac.length > 0 ? `${intPart}.${frac}` : `${intPart}`;
}

function drawerOf(event: InvoiceIssuedEvent): string {
  // entries carry no person: an automatic issue says so, otherwise the seller issued it
  return event.actor.role === 'SYSTEM' ? '系统自动开具' : event.data.seller.name;
}

/**
 * Builds the document of an `invoice.issued` entry (blue or red) at a ledger position. Nothing
 * on it comes from outside the entry: `merchant`, when given, is only checked to be the
 * entry's seller (a node passes its registry record; an offline verifier passes null).
 * Throws DomainError DOCUMENT.BAD_ENTRY for an entry that is not a well-formed issue, and
 * DOCUMENT.MERCHANT_MISMATCH when the registry record is another merchant.
 */
export function buildInvoiceDocument(entry: unknown, position: LedgerPosition, merchant: MerchantRecord | null): InvoiceDocument {
  const event = readIssuedEntry(entry);
  const d = event.data;
  if (!Number.isSafeInteger(position.index) || position.index < 0) throw new RangeError('position.index must be a non-negative integer');
  if (!(position.leafHash instanceof Uint8Array) || position.leafHash.length !== 32) throw new RangeError('position.leafHash must be 32 bytes');
  if (merchant && (merchant.id !== d.merchantId || merchant.taxpayerId !== d.seller.taxpayerId)) {
    throw new DomainError('DOCUMENT.MERCHANT_MISMATCH', `entry ${position.index} is not an invoice of merchant ${merchant.id}`, { index: position.index });
  }
  const capitalAmount = toCapitalAmount(d.gross);
  if (capitalAmount !== d.capitalAmount) throw new DomainError('DOCUMENT.BAD_ENTRY', 'the amount in capitals does not match the total', {});
  const reverses = d.kind === 'RED'
    ? { invoiceId: d.reverses as string, number: d.reversesNumber as string, reason: d.reason as string }
    : null;
  const remarks = reverses
    ? `被红冲蓝字数电发票号码：${reverses.number}；红冲原因：${reversalReasonLabel(reverses.reason)}`
    : `支付单号：${d.payment}`;
  const vatType: VatInvoiceType = 'GENERAL';
  return {
    invoiceId: event.subject.id,
    merchantId: d.merchantId,
    payment: d.payment,
    number: d.number,
    kind: d.kind,
    vatType,
    title: vatType === 'GENERAL' ? '电子发票（普通发票）' : '电子发票（增值税专用发票）',
    issuedAt: event.at,
    issueDate: d.issueDate,
    issueTime: beijingWallTime(event.at),
    seller: { name: d.seller.name, taxpayerId: d.seller.taxpayerId },
    buyer: { type: d.buyer.type, name: d.buyer.name, taxpayerId: d.buyer.taxpayerId },
    lines: d.lines.map((l) => ({
      lineNo: l.lineNo,
      itemName: itemNameOf(l.name, l.taxCode),
      specification: '',
      unit: '',
      quantity: l.quantity,
      unitPrice: unitPriceOf(l.net, l.quantity),
      net: l.net,
      taxRate: l.taxRate,
      rateLabel: rateLabel(l.taxRate),
      tax: l.tax,
      gross: l.gross,
      taxClassificationCode: l.taxCode,
    })),
    totals: { net: d.net, tax: d.tax, gross: d.gross },
    capitalAmount,
    drawer: drawerOf(event),
    reverses,
    remarks,
    taxBureau: taxBureauOf(d.seller.taxpayerId),
    ledger: { index: position.index, leafHash: Uint8Array.from(position.leafHash) },
  };
}
