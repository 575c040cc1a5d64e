// The ledger caps an entry at MAX_ENTRY_BYTES (src/ledger/entry.ts), and the largest entry a
// payment ever leads to is its invoice: invoice.issued repeats every item as a line with more
// fields (lineNo, net, tax, gross) and adds the buyer, the seller, the number and the totals; a
// red-letter invoice adds what it reverses. A payment whose worst-case invoice would not fit
// must be refused at ingest (400, nothing written): accepted, it could never be invoiced, and a
// LEDGER.ENTRY_TOO_LARGE later would be a 500 that providers retry forever.
//
// The rule, defined here once: build the largest invoice.issued entry this payment can become
// and measure its canonical bytes (RFC 8785, as the ledger encodes it). Worst case means: the
// payment's own item names, quantities, tax codes and rates; every amount at its widest
// (−MAX_AMOUNT_FEN: 16 characters); unitPrice kept; the buyer's and seller's names at the text
// policy's maximum (TEXT_FIELDS.NAME, src/domain/text.ts) made of `"`, which JSON escapes to two
// bytes; ids at their pattern's maximum; and the RED kind's extra fields.
import { DomainError, MAX_AMOUNT_FEN, TAX_RATES, TEXT_FIELDS } from '../domain/index.js';
import { canonicalJsonBytes, MAX_ENTRY_BYTES } from '../ledger/index.js';
import type { PaymentEvent } from './types.js';

type Succeeded = Extract<PaymentEvent, { type: 'payment.succeeded' }>;

const WIDEST_AMOUNT = -MAX_AMOUNT_FEN;
const MAX_NAME = '"'.repeat(TEXT_FIELDS.NAME.maxBytes);
// ids (ours and the provider's) are at most 100 characters; invoice numbers are 20 digits
const MAX_ID = 'x'.repeat(100);
const MAX_NUMBER = '9'.repeat(20);
const WIDEST_RATE = TAX_RATES.reduce((a, b) => (b.length > a.length ? b : a));
// 大写金额 of up to 16 digits: at most two characters per digit plus 整/负/元/角/分, 3 bytes each
const MAX_CAPITAL = '壹'.repeat(40);

/** The canonical byte size of the largest invoice.issued entry `event`'s payment can lead to. */
export function worstCaseInvoiceEntryBytes(event: Succeeded): number {
  const items = event.data.items ?? [{ name: event.data.description, quantity: '1', unitPrice: event.data.amount, taxRate: WIDEST_RATE, taxCode: '9'.repeat(19) }];
  const lines = items.map((item, i) => ({
    lineNo: i + 1, name: item.name, taxCode: item.taxCode, quantity: `-${item.quantity}`, unitPrice: WIDEST_AMOUNT,
    taxRate: item.taxRate, net: WIDEST_AMOUNT, tax: WIDEST_AMOUNT, gross: WIDEST_AMOUNT,
  }));
  const entry = {
    v: 1, type: 'invoice.issued', at: '2026-01-01T00:00:00.000Z', actor: { role: 'PAYMENT_PROVIDER', id: MAX_ID }, subject: { kind: 'invoice', id: MAX_ID },
    data: {
      merchantId: event.merchantId, payment: MAX_ID, number: MAX_NUMBER, issueDate: '2026-01-01', kind: 'RED',
      seller: { name: MAX_NAME, taxpayerId: MAX_NUMBER }, buyer: { type: 'ORGANIZATION', name: MAX_NAME, taxpayerId: MAX_NUMBER },
      lines, net: WIDEST_AMOUNT, tax: WIDEST_AMOUNT, gross: WIDEST_AMOUNT, capitalAmount: MAX_CAPITAL,
      reverses: MAX_ID, reversesNumber: MAX_NUMBER, reason: 'SERVICE_SUSPENSION',
    },
  };
  return canonicalJsonBytes(entry).length;
}

/** Throws WEBHOOK.MALFORMED at `data.items` when the payment's worst-case invoice entry exceeds MAX_ENTRY_BYTES. */
export function assertInvoiceable(event: Succeeded): void {
  const bytes = worstCaseInvoiceEntryBytes(event);
  if (bytes > MAX_ENTRY_BYTES) {
    throw new DomainError('WEBHOOK.MALFORMED', `the payment is too large to invoice: its invoice could take ${bytes} bytes, the ledger holds ${MAX_ENTRY_BYTES}`, { field: 'data.items' });
  }
}
