// Typed ledger events (issue 11 item 1; LEDGER.md §1): the v1 entry types as one
// discriminated union, one constructor per type, one strict decoder, one fold that rebuilds
// projections, and the rules the ledger's readers share. Leaf data are the RFC 8785 (JCS)
// bytes of these objects (src/ledger encodeEntry); v1 bytes never change.
import { encodeEntry } from '../ledger/index.js';
import type { LedgerEvent } from './types.js';

export {
  LEDGER_EVENT_VERSION, LEDGER_EVENT_TYPES, ACTOR_ROLES, BUYER_TYPES, INVOICE_KINDS, REVERSAL_REASONS, SUBJECT_KINDS,
  type LedgerEventType, type ActorRole, type LedgerActor, type Buyer, type PaymentItemData, type InvoiceLineData, type RateLineData,
  type PaymentSucceededData, type PaymentRefundedData, type InvoiceAppliedData, type BlueInvoiceIssuedData, type RedInvoiceIssuedData,
  type InvoiceIssuedData, type InvoiceReversedData, type ReimbursementLockedData, type ReimbursementUnlockedData, type ReimbursementClosedData,
  type TaxReportedData, type EventOf, type PaymentSucceeded, type PaymentRefunded, type InvoiceApplied, type InvoiceIssued, type InvoiceReversed,
  type ReimbursementLocked, type ReimbursementUnlocked, type ReimbursementClosed, type TaxReported, type LedgerEvent, type ReimbursementEvent,
} from './types.js';
export { EVENT_ERROR_CODES, type EventErrorCode } from './schema.js';
export {
  paymentSucceeded, paymentRefunded, invoiceApplied, invoiceIssued, invoiceReversed, reimbursementLocked, reimbursementUnlocked,
  reimbursementClosed, taxReported, type EventInput,
} from './constructors.js';
export { decodeLedgerEvent, tryDecodeLedgerEvent } from './decode.js';
export {
  INVOICE_STATUSES, REVERSAL_OWED_FROM, statusAfterRefund, reversalOwedSql, REIMBURSEMENT_AFTER, isCoveredByReport, coveredByReportSql, ratesOfInvoice, partiesOf,
} from './rules.js';
export {
  emptyProjections, foldLedgerEvent, foldLedger, type LedgerProjections, type PaymentProjection, type RefundProjection, type InvoiceProjection,
  type ClaimProjection, type TaxReportProjection,
} from './fold.js';

/** Leaf data of an event: its RFC 8785 canonical JSON bytes (LEDGER.md §1). */
export function encodeLedgerEvent(event: LedgerEvent): Uint8Array {
  return encodeEntry(event);
}
