// The platform's document routes (issue 12, "Who can fetch which documents"):
//   GET /invoices/:id/document.pdf | document.xml | invoice.tlog-proof
// rendered from the invoice's own ledger entry. Who may read is decided in ONE function,
// mayReadInvoiceDocuments; anyone else gets the same 404 as for an id that does not exist.
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AuthenticationThrottle, type Principal } from '../../access/index.js';
import { invoiceDocumentFromLeaf, renderInvoicePdf, renderInvoiceXml, type InvoiceDocument } from '../../documents/index.js';
import { isDomainError } from '../../domain/index.js';
import type { Invoice } from '../../invoices/index.js';
import { buildTlogProof, formatTlogProof } from '../../ledger/index.js';
import type { Platform } from '../../platform/platform.js';
import { documentNotFound, sendDocument } from './send-document.js';

/** Who asks: a key's principal, and/or the payment an apply token grants. */
export interface DocumentReader {
  readonly principal: Principal | null;
  readonly tokenPayment: string | null;
}

/**
 * The access decision of these routes: the payer (apply token of the invoice's payment), the
 * merchant that issued it, the buyer company's FINANCE, and an employee holding a claim on it.
 * `claimedBy(personId)` says whether that employee holds a claim on this invoice.
 */
export function mayReadInvoiceDocuments(reader: DocumentReader, invoice: Invoice, claimedBy: (employerId: string, personId: string) => boolean): boolean {
  if (reader.tokenPayment !== null && reader.tokenPayment === invoice.payment) return true;
  const p = reader.principal;
  if (p === null) return false;
  switch (p.role) {
    case 'MERCHANT': return p.merchantId === invoice.merchantId;
    case 'FINANCE': return invoice.buyer.taxpayerId !== null && invoice.buyer.taxpayerId === p.employerId;
    case 'EMPLOYEE': return claimedBy(p.employerId, p.personId);
    default: return false;
  }
}

/** The three documents' paths of an invoice (relative to the platform's public URL). */
export function documentPaths(invoiceId: string): { pdfUrl: string; xmlUrl: string; proofUrl: string } {
  const base = `/invoices/${encodeURIComponent(invoiceId)}`;
  return { pdfUrl: `${base}/document.pdf`, xmlUrl: `${base}/document.xml`, proofUrl: `${base}/invoice.tlog-proof` };
}

const CLAIM_PAGE = 200;

export interface DocumentRouterOptions {
  /** The tax node's public base URL, printed in the PDF's verification link. */
  readonly taxNodePublicUrl: string;
  readonly authFailuresPerMinute?: number;
}

export function documentRouter(platform: Platform, logger: Logger, options: DocumentRouterOptions): express.Router {
  const router = express.Router();
  const throttle = new AuthenticationThrottle({ failuresPerMinute: options.authFailuresPerMinute ?? 20, clock: platform.clock });

  const readerOf = (req: Request): DocumentReader => {
    let principal: Principal | null;
    try {
      principal = throttle.authenticate({ keys: platform.keys, adminBootstrapKey: platform.options.adminBootstrapKey }, req.get('Authorization'), req.socket.remoteAddress);
    } catch {
      principal = null; // a bad or throttled key reads nothing, and learns nothing either
    }
    const query = req.query['token'];
    const token = typeof query === 'string' ? query : req.get('X-Apply-Token');
    return { principal, tokenPayment: token ? platform.tokens.paymentOf(token) : null };
  };

  const claimedBy = (invoiceId: string) => (employerId: string, personId: string): boolean => {
    for (let after = 0; ;) {
      const page = platform.reimbursementDeps.claims.page({ employerId, personId }, after, CLAIM_PAGE);
      if (page.some((c) => c.invoice === invoiceId)) return true;
      if (page.length < CLAIM_PAGE) return false;
      after = (page.at(-1) as { seq: number }).seq;
    }
  };

  /** The issued invoice the reader may see, or null (then the answer is 404). */
  const readable = (req: Request): (Invoice & { issuedIndex: number; number: string }) | null => {
    const id = req.params['id'];
    if (typeof id !== 'string' || id.length > 64) return null;
    const invoice = platform.invoices.get(id);
    if (!invoice || invoice.issuedIndex === null || invoice.number === null) return null;
    if (!mayReadInvoiceDocuments(readerOf(req), invoice, claimedBy(invoice.id))) return null;
    return invoice as Invoice & { issuedIndex: number; number: string };
  };

  const documentOf = (invoice: Invoice & { issuedIndex: number }): InvoiceDocument => {
    const merchant = platform.merchants.get(invoice.merchantId);
    return invoiceDocumentFromLeaf(platform.ledger.entry(invoice.issuedIndex).data, invoice.issuedIndex, merchant);
  };

  router.get('/invoices/:id/document.xml', (req: Request, res: Response) => {
    const invoice = readable(req);
    if (!invoice) return documentNotFound(res);
    sendDocument(req, res, 'xml', `${invoice.number}.xml`, new TextEncoder().encode(renderInvoiceXml(documentOf(invoice))));
  });

  router.get('/invoices/:id/document.pdf', async (req: Request, res: Response) => {
    const invoice = readable(req);
    if (!invoice) return documentNotFound(res);
    const pdf = await renderInvoicePdf(documentOf(invoice), { taxNodeUrl: options.taxNodePublicUrl });
    sendDocument(req, res, 'pdf', `${invoice.number}.pdf`, pdf);
  });

  router.get('/invoices/:id/invoice.tlog-proof', (req: Request, res: Response) => {
    const invoice = readable(req);
    if (!invoice) return documentNotFound(res);
    let text: string;
    try {
      text = formatTlogProof(buildTlogProof(platform.ledger, invoice.issuedIndex));
    } catch (error) {
      if (isDomainError(error) && error.code === 'LEDGER.NOT_COSIGNED') {
        res.status(409).json({ error: { code: 'NOT_COSIGNED', message: 'not yet cosigned: the tax node has not cosigned a checkpoint covering this invoice; try again in a few seconds' } });
        return;
      }
      logger.error({ err: error }, 'building a tlog-proof failed');
      throw error;
    }
    sendDocument(req, res, 'tlog-proof', `${invoice.number}.tlog-proof`, new TextEncoder().encode(text));
  });
  return router;
}
