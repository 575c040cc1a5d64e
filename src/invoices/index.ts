export type { Invoice, InvoiceLine, InvoiceStatus, InvoiceFilter, Buyer, BuyerType } from './types.js';
export type { InvoiceStore, IssuedFields } from './ports.js';
export { ApplyTokens, DEFAULT_APPLY_TOKEN_TTL_SECONDS, PAYMENT_ID_PATTERN, type ApplyTokenOptions } from './apply-token.js';
export { buildInvoiceLines, type PaidItem } from './lines.js';
export { applyForInvoice, invoiceForApplyToken, issueInvoice, PLATFORM_CHANNEL, type InvoiceDeps, type ApplyInput } from './apply-issue.js';
export { reverseInvoice, confirmReversal, handleRefund, listPendingReversals, pendingReversalOf, type PendingReversal, REVERSAL_REASONS, type ReversalReason, type ReversalResult } from './reverse.js';
export { readInvoice, readInvoiceByNumber, listInvoices } from './queries.js';
export { listTaxCodes, upsertTaxCode, removeTaxCode, applyCatalogue, MAX_TAX_CODES, type TaxCodeEntry, type TaxCodeStore, type TaxCodeDeps } from './tax-codes.js';
