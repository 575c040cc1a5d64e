export type { Invoice, InvoiceLine, InvoiceStatus, InvoiceFilter, Buyer, BuyerType } from './types.js';
export type { InvoiceStore, IssuedFields } from './ports.js';
export { ApplyTokens } from './apply-token.js';
export { buildInvoiceLines, type PaidItem } from './lines.js';
export { applyForInvoice, issueInvoice, PLATFORM_CHANNEL, type InvoiceDeps, type ApplyInput } from './apply-issue.js';
export { reverseInvoice, confirmReversal, handleRefund, REVERSAL_REASONS, type ReversalReason, type ReversalResult } from './reverse.js';
