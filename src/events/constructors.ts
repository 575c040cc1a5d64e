// One constructor per v1 entry type (LEDGER.md §1). Each returns exactly the object the v1
// writers built inline, `v: 1` included, so its RFC 8785 (JCS) bytes are unchanged
// (test/events/constructors.test.ts re-encodes every entry of test/fixtures/ledger-v1 and
// compares bytes). The data pass through the type's schema: the entry holds the declared
// members only (a field added to InvoiceLine, say, is left out rather than changing the
// bytes), and an entry the decoder would refuse is never written. Such a refusal is a bug in the caller,
// so it is thrown as a TypeError, not as a DomainError.
import { isDomainError } from '../domain/index.js';
import type { Schema } from './schema.js';
import {
  DATA_SCHEMAS, ENVELOPE_SCHEMAS, LEDGER_EVENT_VERSION, SUBJECT_KINDS, type BlueInvoiceIssuedData, type EventOf, type InvoiceAppliedData,
  type InvoiceIssued, type InvoiceReversed, type InvoiceReversedData, type LedgerEventType, type PaymentRefunded, type PaymentRefundedData,
  type PaymentSucceeded, type PaymentSucceededData, type RedInvoiceIssuedData, type ReimbursementClosed, type ReimbursementClosedData,
  type ReimbursementLocked, type ReimbursementLockedData, type ReimbursementUnlocked, type ReimbursementUnlockedData, type TaxReported,
  type TaxReportedData, type InvoiceApplied,
} from './types.js';

/** Arrays may be readonly on the way in (the domain's arrays are). */
type Input<T> = T extends ReadonlyArray<infer U> ? ReadonlyArray<Input<U>> : T extends object ? { readonly [K in keyof T]: Input<T[K]> } : T;

export interface EventInput<D> {
  /** ISO-8601 UTC instant with milliseconds. */
  readonly at: string;
  /** Checked against the v1 actor roles (ACTOR_ROLES). */
  readonly actor: { readonly role: string; readonly id: string };
  readonly subjectId: string;
  readonly data: Input<D>;
}

function checked<T>(schema: Schema<T>, value: unknown, path: string): T {
  try {
    return schema(value, path, 'construct');
  } catch (error) {
    if (isDomainError(error)) throw new TypeError(`not a v1 ledger entry: ${error.message}`, { cause: error });
    throw error;
  }
}

function build<T extends LedgerEventType, D>(type: T, schema: Schema<D>, input: EventInput<unknown>): EventOf<T, D> {
  return {
    v: LEDGER_EVENT_VERSION,
    type,
    at: checked(ENVELOPE_SCHEMAS.instant, input.at, '$.at'),
    actor: checked(ENVELOPE_SCHEMAS.actor, input.actor, '$.actor'),
    subject: { kind: SUBJECT_KINDS[type], id: input.subjectId },
    data: checked(schema, input.data, '$.data'),
  };
}

/** A payment the provider reported (subject: our payment id). */
export const paymentSucceeded = (input: EventInput<PaymentSucceededData>): PaymentSucceeded =>
  build('payment.succeeded', DATA_SCHEMAS['payment.succeeded'], input);

/** A refund of a payment (subject: the payment); `refundedTotal` is the running total. */
export const paymentRefunded = (input: EventInput<PaymentRefundedData>): PaymentRefunded =>
  build('payment.refunded', DATA_SCHEMAS['payment.refunded'], input);

/** An application for an invoice (subject: the new invoice). */
export const invoiceApplied = (input: EventInput<InvoiceAppliedData>): InvoiceApplied =>
  build('invoice.applied', DATA_SCHEMAS['invoice.applied'], input);

/** A blue or red invoice issued (subject: the invoice); a red one names the blue it reverses. */
export const invoiceIssued = (input: EventInput<BlueInvoiceIssuedData | RedInvoiceIssuedData>): InvoiceIssued =>
  input.data.kind === 'RED'
    ? build('invoice.issued', DATA_SCHEMAS['invoice.issued.RED'], input)
    : build('invoice.issued', DATA_SCHEMAS['invoice.issued.BLUE'], input);

/** A blue invoice reversed by its red one (subject: the blue invoice). */
export const invoiceReversed = (input: EventInput<InvoiceReversedData>): InvoiceReversed =>
  build('invoice.reversed', DATA_SCHEMAS['invoice.reversed'], input);

/** A reimbursement claim locks the invoice ledger-wide (subject: the invoice). */
export const reimbursementLocked = (input: EventInput<ReimbursementLockedData>): ReimbursementLocked =>
  build('reimbursement.locked', DATA_SCHEMAS['reimbursement.locked'], input);

/** A claim rejected: the invoice may be claimed again (subject: the invoice). */
export const reimbursementUnlocked = (input: EventInput<ReimbursementUnlockedData>): ReimbursementUnlocked =>
  build('reimbursement.unlocked', DATA_SCHEMAS['reimbursement.unlocked'], input);

/** A claim approved: reimbursed, terminal (subject: the invoice). */
export const reimbursementClosed = (input: EventInput<ReimbursementClosedData>): ReimbursementClosed =>
  build('reimbursement.closed', DATA_SCHEMAS['reimbursement.closed'], input);

type TaxReportedInput = Omit<TaxReportedData, 'rates'> & {
  /** The stores speak of rates as strings; each must be one of TAX_RATES. */
  readonly rates: ReadonlyArray<{ readonly rate: string; readonly count: number; readonly net: number; readonly tax: number }>;
};

/** A period tax report filed (subject: the report). */
export const taxReported = (input: EventInput<TaxReportedInput>): TaxReported =>
  build('tax.reported', DATA_SCHEMAS['tax.reported'], input);
