// A document straight from stored leaf bytes (what both nodes and the offline verifier hold).
import { decodeEntry, leafHash } from '../ledger/index.js';
import { buildInvoiceDocument, type InvoiceDocument } from './model.js';
import type { MerchantRecord } from './source.js';

/** Decodes the leaf and builds its document; throws DOCUMENT.BAD_ENTRY unless it is an invoice.issued entry. */
export function invoiceDocumentFromLeaf(leafData: Uint8Array, index: number, merchant: MerchantRecord | null = null): InvoiceDocument {
  return buildInvoiceDocument(decodeEntry(leafData), { index, leafHash: leafHash(leafData) }, merchant);
}
