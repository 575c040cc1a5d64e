// The v1 ledger entry types (LEDGER.md §1), one schema each. The schemas describe exactly the
// objects the v1 writers produced (test/fixtures/ledger-v1 holds such a ledger): every member
// present, null where v1 writes null, amounts integer fen. The event types below are inferred
// from these schemas, so the strict decoder and the types cannot drift apart.
//
// Never change a v1 schema: the leaf bytes are RFC 8785 (JCS) encodings of these objects and
// are hashed into signed checkpoints. A new shape is a new version or a new type.
import { TAX_RATES } from '../domain/index.js';
import { ENTRY_FORMAT_VERSION, ENTRY_TYPES } from '../ledger/index.js';
import { array, eventError, int, literal, matching, nullable, object, oneOf, str, type Infer, type Schema } from './schema.js';

/** The entry format version, part of the hashed bytes (LEDGER.md §1); src/ledger owns it. */
export const LEDGER_EVENT_VERSION = ENTRY_FORMAT_VERSION;

/** The v1 types (LEDGER.md §1), as src/ledger lists them: one list, one union member each. */
export const LEDGER_EVENT_TYPES = ENTRY_TYPES;
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** Who acted, as the v1 writers name them. */
export const ACTOR_ROLES = ['PAYMENT_PROVIDER', 'PAYER', 'MERCHANT', 'SYSTEM', 'EMPLOYEE', 'FINANCE'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const BUYER_TYPES = ['INDIVIDUAL', 'ORGANIZATION'] as const;
export const INVOICE_KINDS = ['BLUE', 'RED'] as const;
/** Red-letter reversal reasons (src/invoices/reverse.ts accepts the same four). */
export const REVERSAL_REASONS = ['ISSUE_ERROR', 'SALES_RETURN', 'SERVICE_SUSPENSION', 'SALES_DISCOUNT'] as const;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;
/** `at`: an ISO-8601 UTC instant with milliseconds that round-trips through Date (as encodeEntry demands). */
const instant: Schema<string> = (value, path) => {
  const s = matching(INSTANT, 'an ISO-8601 UTC instant with milliseconds')(value, path);
  if (Number.isNaN(Date.parse(s)) || new Date(s).toISOString() !== s) throw eventError('LEDGER_EVENT.BAD_VALUE', path, `${s} is not a real instant`);
  return s;
};
const date = matching(/^\d{4}-\d{2}-\d{2}$/u, 'a date YYYY-MM-DD');
const quantity = matching(/^-?\d+(\.\d+)?$/u, 'a decimal quantity');
const taxRate = oneOf(TAX_RATES);

const actor = object({ role: oneOf(ACTOR_ROLES), id: str });
const buyer = object({ type: oneOf(BUYER_TYPES), name: str, taxpayerId: nullable(str) });
const claimBuyer = object({ taxpayerId: str });

const paymentItem = object({ name: str, quantity, unitPrice: int, taxRate, taxCode: str });
const invoiceLine = object({ lineNo: int, name: str, taxCode: str, quantity, unitPrice: nullable(int), taxRate, net: int, tax: int, gross: int });
const rateLine = object({ rate: taxRate, count: int, net: int, tax: int });

const blueIssued = {
  merchantId: str, payment: str, number: str, issueDate: date, kind: literal('BLUE'),
  seller: object({ name: str, taxpayerId: str }), buyer, lines: array(invoiceLine), net: int, tax: int, gross: int, capitalAmount: str,
};

/** The data schema of each type (invoice.issued has one per kind). */
export const DATA_SCHEMAS = {
  'payment.succeeded': object({
    merchantId: str, eventId: str, providerPaymentId: str, amount: int, currency: literal('CNY'), paidAt: str, description: str,
    items: nullable(array(paymentItem)),
  }),
  'payment.refunded': object({ merchantId: str, eventId: str, refund: str, providerRefundId: str, amount: int, refundedTotal: int }),
  'invoice.applied': object({ merchantId: str, payment: str, buyer }),
  'invoice.issued.BLUE': object(blueIssued),
  'invoice.issued.RED': object({ ...blueIssued, kind: literal('RED'), reverses: str, reversesNumber: str, reason: oneOf(REVERSAL_REASONS) }),
  'invoice.reversed': object({ merchantId: str, number: str, redInvoice: str, redNumber: str, reason: oneOf(REVERSAL_REASONS), confirmedBy: nullable(str) }),
  'reimbursement.locked': object({ claim: str, number: str, employerId: str, personId: str, amount: int, buyer: claimBuyer }),
  'reimbursement.unlocked': object({ claim: str, employerId: str, personId: str, reason: str, buyer: claimBuyer }),
  'reimbursement.closed': object({ claim: str, employerId: str, personId: str, amount: int, buyer: claimBuyer }),
  'tax.reported': object({
    merchantId: str, seller: claimBuyer, period: str, from: date, to: date, version: int, previous: nullable(str),
    rates: array(rateLine), invoiceCount: int, net: int, tax: int, coveredRoot: str, asOfIndex: int,
  }),
} as const;

/** What each type's subject is. */
export const SUBJECT_KINDS = {
  'payment.succeeded': 'payment', 'payment.refunded': 'payment',
  'invoice.applied': 'invoice', 'invoice.issued': 'invoice', 'invoice.reversed': 'invoice',
  'reimbursement.locked': 'invoice', 'reimbursement.unlocked': 'invoice', 'reimbursement.closed': 'invoice',
  'tax.reported': 'tax-report',
} as const satisfies Record<LedgerEventType, string>;

export const ENVELOPE_SCHEMAS = { actor, instant } as const;

export type LedgerActor = Infer<typeof actor>;
export type Buyer = Infer<typeof buyer>;
export type PaymentItemData = Infer<typeof paymentItem>;
export type InvoiceLineData = Infer<typeof invoiceLine>;
export type RateLineData = Infer<typeof rateLine>;

export type PaymentSucceededData = Infer<(typeof DATA_SCHEMAS)['payment.succeeded']>;
export type PaymentRefundedData = Infer<(typeof DATA_SCHEMAS)['payment.refunded']>;
export type InvoiceAppliedData = Infer<(typeof DATA_SCHEMAS)['invoice.applied']>;
export type BlueInvoiceIssuedData = Infer<(typeof DATA_SCHEMAS)['invoice.issued.BLUE']>;
export type RedInvoiceIssuedData = Infer<(typeof DATA_SCHEMAS)['invoice.issued.RED']>;
export type InvoiceIssuedData = BlueInvoiceIssuedData | RedInvoiceIssuedData;
export type InvoiceReversedData = Infer<(typeof DATA_SCHEMAS)['invoice.reversed']>;
export type ReimbursementLockedData = Infer<(typeof DATA_SCHEMAS)['reimbursement.locked']>;
export type ReimbursementUnlockedData = Infer<(typeof DATA_SCHEMAS)['reimbursement.unlocked']>;
export type ReimbursementClosedData = Infer<(typeof DATA_SCHEMAS)['reimbursement.closed']>;
export type TaxReportedData = Infer<(typeof DATA_SCHEMAS)['tax.reported']>;

/** One ledger entry of type T (LEDGER.md §1): the envelope every type shares, and its data. */
export interface EventOf<T extends LedgerEventType, D> {
  readonly v: typeof LEDGER_EVENT_VERSION;
  readonly type: T;
  /** ISO-8601 UTC instant with milliseconds. */
  readonly at: string;
  readonly actor: LedgerActor;
  readonly subject: { readonly kind: (typeof SUBJECT_KINDS)[T]; readonly id: string };
  readonly data: D;
}

export type PaymentSucceeded = EventOf<'payment.succeeded', PaymentSucceededData>;
export type PaymentRefunded = EventOf<'payment.refunded', PaymentRefundedData>;
export type InvoiceApplied = EventOf<'invoice.applied', InvoiceAppliedData>;
export type InvoiceIssued = EventOf<'invoice.issued', InvoiceIssuedData>;
export type InvoiceReversed = EventOf<'invoice.reversed', InvoiceReversedData>;
export type ReimbursementLocked = EventOf<'reimbursement.locked', ReimbursementLockedData>;
export type ReimbursementUnlocked = EventOf<'reimbursement.unlocked', ReimbursementUnlockedData>;
export type ReimbursementClosed = EventOf<'reimbursement.closed', ReimbursementClosedData>;
export type TaxReported = EventOf<'tax.reported', TaxReportedData>;

/** Every v1 ledger entry, discriminated by `type`. */
export type LedgerEvent =
  | PaymentSucceeded | PaymentRefunded | InvoiceApplied | InvoiceIssued | InvoiceReversed
  | ReimbursementLocked | ReimbursementUnlocked | ReimbursementClosed | TaxReported;

export type ReimbursementEvent = ReimbursementLocked | ReimbursementUnlocked | ReimbursementClosed;
