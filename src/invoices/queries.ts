// Reading invoices: the seller's merchant reads its own, the tax authority every one. An
// invoice outside the caller's scope reads as absent (null), exactly like a missing one.
import { authorize, merchantFilter, permits, type Principal } from '../access/index.js';
import type { InvoiceDeps } from './apply-issue.js';
import type { Invoice, InvoiceFilter } from './types.js';

function visible(principal: Principal | null, invoice: Invoice | null): Invoice | null {
  return invoice && permits(principal, 'invoice:read', { type: 'invoice', id: invoice.id, merchantId: invoice.merchantId }) ? invoice : null;
}

/** The invoice (or application) with this id, when the caller may read it. Throws ACCESS.* for a role that reads none. */
export function readInvoice(deps: Pick<InvoiceDeps, 'invoices'>, principal: Principal | null, id: string): Invoice | null {
  authorize(principal, 'invoice:read');
  return visible(principal, deps.invoices.get(id));
}

/** The invoice with this 20-digit number, when the caller may read it. */
export function readInvoiceByNumber(deps: Pick<InvoiceDeps, 'invoices'>, principal: Principal | null, number: string): Invoice | null {
  authorize(principal, 'invoice:read');
  return visible(principal, deps.invoices.getByNumber(number));
}

/** A keyset page of the invoices the caller may read (a merchant's own; the authority's all). */
export function listInvoices(
  deps: Pick<InvoiceDeps, 'invoices'>,
  principal: Principal | null,
  filter: Omit<InvoiceFilter, 'merchantId'>,
  page: { afterSeq: number; limit: number },
): Invoice[] {
  const grant = authorize(principal, 'invoice:list');
  return deps.invoices.page({ ...filter, merchantId: merchantFilter(grant) }, page.afterSeq, page.limit);
}
