// What the tax node learns from each mirrored entry: its parties and date for entry queries,
// and the invoice facts the authority asks about. Applied in the block's transaction. Entries
// are decoded by the one strict decoder; the per-record rules (per-rate sums, reimbursement
// status, which invoices a report covers) are src/events' rules, shared with the fold.
import { beijingDate } from '../domain/index.js';
import { decodeLedgerEvent, partiesOf, ratesOfInvoice, REIMBURSEMENT_AFTER, type LedgerEvent } from '../events/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { IndexedEntry, MirrorIndexStore } from './ports.js';

/**
 * Index one entry (entries must come in index order). The entry is decoded strictly here:
 * anything but a v1 entry throws a DomainError `LEDGER_EVENT.*` and indexes nothing (catchUpIndex
 * records it as malformed and reports it).
 */
export function indexEntry(store: MirrorIndexStore, index: number, entry: LedgerEntry | LedgerEvent): IndexedEntry {
  const event = decodeLedgerEvent(entry);
  const parties = partiesOf(event);
  const row: IndexedEntry = {
    index,
    type: event.type,
    subjectId: event.subject.id,
    sellerTaxpayerId: parties.seller,
    buyerTaxpayerId: parties.buyer,
    day: beijingDate(new Date(event.at)),
  };
  switch (event.type) {
    case 'invoice.issued': {
      const d = event.data;
      store.insertInvoice(
        {
          invoiceId: event.subject.id, number: d.number, kind: d.kind, status: 'ISSUED', issueDate: d.issueDate, sellerTaxpayerId: d.seller.taxpayerId,
          buyerTaxpayerId: d.buyer.taxpayerId, net: d.net, tax: d.tax, gross: d.gross, issuedIndex: index, lastIndex: index, reimbursement: 'NONE', taxReported: false,
        },
        ratesOfInvoice(d),
      );
      break;
    }
    case 'invoice.reversed':
      store.updateInvoice(event.subject.id, { status: 'REVERSED', lastIndex: index });
      break;
    case 'reimbursement.locked':
    case 'reimbursement.unlocked':
    case 'reimbursement.closed':
      store.updateInvoice(event.subject.id, { reimbursement: REIMBURSEMENT_AFTER[event.type], lastIndex: index });
      break;
    case 'tax.reported':
      // the report covers the seller's invoices of the period issued before it (events isCoveredByReport, tax-report/report.ts)
      store.markTaxReported(event.data.seller.taxpayerId, event.data.from, event.data.to, index);
      break;
    default:
      break;
  }
  return row;
}
