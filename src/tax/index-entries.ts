// What the tax node learns from each mirrored entry: its parties and date for entry queries,
// and the invoice facts the authority asks about. Applied in the block's transaction.
import { beijingDate } from '../domain/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { IndexedEntry, MirrorIndexStore } from './ports.js';

type Data = Record<string, unknown>;
interface Party { taxpayerId?: string | null }
interface Line { taxRate: string; net: number; tax: number }

function partyId(value: unknown): string | null {
  return value && typeof value === 'object' ? ((value as Party).taxpayerId ?? null) : null;
}

/** Index one entry (entries must come in index order). */
export function indexEntry(store: MirrorIndexStore, index: number, entry: LedgerEntry): IndexedEntry {
  const d = entry.data as Data;
  const row: IndexedEntry = {
    index,
    type: entry.type,
    subjectId: entry.subject.id,
    sellerTaxpayerId: partyId(d['seller']),
    buyerTaxpayerId: partyId(d['buyer']),
    day: beijingDate(new Date(entry.at)),
  };
  if (entry.type === 'invoice.issued') {
    const lines = (d['lines'] as Line[] | undefined) ?? [];
    const rates = new Map<string, { net: number; tax: number }>();
    for (const line of lines) {
      const r = rates.get(line.taxRate) ?? { net: 0, tax: 0 };
      rates.set(line.taxRate, { net: r.net + line.net, tax: r.tax + line.tax });
    }
    store.insertInvoice(
      {
        invoiceId: entry.subject.id,
        number: d['number'] as string,
        kind: (d['kind'] as 'BLUE' | 'RED' | undefined) ?? 'BLUE',
        status: 'ISSUED',
        issueDate: d['issueDate'] as string,
        sellerTaxpayerId: row.sellerTaxpayerId ?? '',
        buyerTaxpayerId: row.buyerTaxpayerId,
        net: d['net'] as number,
        tax: d['tax'] as number,
        gross: d['gross'] as number,
        issuedIndex: index,
        lastIndex: index,
        reimbursement: 'NONE',
        taxReported: false,
      },
      [...rates].map(([rate, sums]) => ({ rate, ...sums })),
    );
  } else if (entry.type === 'invoice.reversed') {
    store.updateInvoice(entry.subject.id, { status: 'REVERSED', lastIndex: index });
  } else if (entry.type === 'reimbursement.locked' || entry.type === 'reimbursement.unlocked' || entry.type === 'reimbursement.closed') {
    const reimbursement = entry.type === 'reimbursement.locked' ? 'LOCKED' : entry.type === 'reimbursement.closed' ? 'CLOSED' : 'NONE';
    store.updateInvoice(entry.subject.id, { reimbursement, lastIndex: index });
  } else if (entry.type === 'tax.reported') {
    // the report covers the seller's invoices of the period issued before it (see tax/report.ts)
    store.markTaxReported(row.sellerTaxpayerId ?? '', d['from'] as string, d['to'] as string, index);
  }
  return row;
}
