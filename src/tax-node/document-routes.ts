// The tax node's document routes (issue 12):
//   GET /proofs?number=&date=&amount=   anyone: the .tlog-proof of an invoice they can name,
//                                       under the anonymous 查验 budget; one NOT_AUTHENTIC
//                                       answer for an unknown number and a wrong date or amount
//   GET /invoices/:number/document.xml|pdf   the tax authority (key): the same XML and PDF the
//                                       platform renders, from the node's own copy of the leaf
// Access decisions are in mayReadMirroredDocuments and the anonymous gate below.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AuthenticationThrottle, type Principal } from '../access/index.js';
import { invoiceDocumentFromLeaf, renderInvoicePdf, renderInvoiceXml, type InvoiceDocument } from '../documents/index.js';
import { isDomainError, parseYuan } from '../domain/index.js';
import { buildTlogProof, formatTlogProof, inclusionProofFrom, type TlogProofSource } from '../ledger/index.js';
import { verifyInvoice, type FollowedLedger, type MirrorInvoice } from '../witness/index.js';
import { documentNotFound, sendDocument } from '../http/documents/send-document.js';
import type { TaxNode } from './node.js';

/** The access decision of the rendered documents: the tax authority (and an admin) only. */
export function mayReadMirroredDocuments(principal: Principal | null): boolean {
  return principal !== null && (principal.role === 'TAX_AUTHORITY' || principal.role === 'ADMIN');
}

/** A mirror's ledger store seen as what buildTlogProof reads. */
export function mirrorProofSource(followed: FollowedLedger): TlogProofSource {
  const store = followed.mirror.ledger;
  return {
    entry(index) {
      const entry = store.entry(index);
      if (!entry) throw new RangeError(`no entry ${index}`);
      return entry;
    },
    inclusionProof: (index, size) => inclusionProofFrom(store, index, size),
    checkpointsAfter: (after, limit) => store.checkpointsAfter(after, limit),
    checkpoint(size) {
      const checkpoint = store.checkpoint(size);
      if (!checkpoint) return null;
      const cosignatures = store.cosignatures(size);
      return { ...checkpoint, cosignatures, cosignedNote: checkpoint.note + cosignatures.map((c) => `${c.line}\n`).join('') };
    },
  };
}

function findByNumber(node: TaxNode, number: string): { followed: FollowedLedger; invoice: MirrorInvoice } | null {
  for (const followed of node.followed.values()) {
    const invoice = followed.mirror.index.invoiceByNumber(number);
    if (invoice) return { followed, invoice };
  }
  return null;
}

const NOT_AUTHENTIC = { reason: 'NOT_AUTHENTIC', message: '查无此票：没有与该号码、日期和金额相符的发票 (no invoice matches this number, date and amount)' };

/** What /proofs is asked: strictly a 20-digit number, a yyyy-mm-dd date and a yuan amount. */
function parseQuery(req: Request): { number: string; issueDate: string; totalAmount: number } | null {
  const { number, date, amount } = req.query;
  if (typeof number !== 'string' || !/^\d{20}$/u.test(number)) return null;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/u.test(date)) return null;
  if (typeof amount !== 'string' || amount.length > 20) return null;
  try {
    return { number, issueDate: date, totalAmount: parseYuan(amount) };
  } catch {
    return null;
  }
}

export function taxNodeDocumentRouter(node: TaxNode, logger: Logger, options: { sourceKey: (req: Request) => string; taxNodePublicUrl: string }): express.Router {
  const router = express.Router();
  const throttle = new AuthenticationThrottle({ failuresPerMinute: node.config.authFailuresPerMinute, clock: node.clock });

  // the anonymous 查验 budget of /graphql, shared: a proof is one 查验
  const anonymousGate = (req: Request, res: Response, next: NextFunction): void => {
    const source = options.sourceKey(req);
    const own = node.limits.publicVerifySource.check(source);
    const everyone = node.limits.publicVerifyGlobal.check('anonymous');
    if (own.allowed && everyone.allowed) {
      node.limits.publicVerifySource.charge(source);
      node.limits.publicVerifyGlobal.charge('anonymous');
      return next();
    }
    if (!own.allowed) node.counters.publicVerifyRateLimited.source += 1;
    else node.counters.publicVerifyRateLimited.global += 1;
    const retryAfter = Math.max(own.retryAfterSeconds, everyone.retryAfterSeconds);
    res.set('Retry-After', String(retryAfter));
    res.status(429).json({ reason: 'RATE_LIMITED', message: `too many requests without a key; try again in ${retryAfter} seconds`, retryAfter });
  };

  router.get('/proofs', anonymousGate, (req: Request, res: Response) => {
    const query = parseQuery(req);
    if (!query) {
      res.status(400).json({ reason: 'BAD_QUERY', message: 'give number (20 digits), date (yyyy-mm-dd) and amount (yuan, e.g. 128.00)' });
      return;
    }
    const verdict = verifyInvoice(node.followed, query);
    const found = verdict.authentic ? findByNumber(node, query.number) : null;
    if (!found) {
      res.status(404).json(NOT_AUTHENTIC);
      return;
    }
    let text: string;
    try {
      text = formatTlogProof(buildTlogProof(mirrorProofSource(found.followed), found.invoice.issuedIndex));
    } catch (error) {
      if (isDomainError(error) && error.code === 'LEDGER.NOT_COSIGNED') {
        res.status(409).json({ reason: 'NOT_COSIGNED', message: 'not yet cosigned: this node has not cosigned a checkpoint covering the invoice yet; try again in a few seconds' });
        return;
      }
      logger.error({ err: error }, 'building a tlog-proof failed');
      throw error;
    }
    // the current status as this node knows it (the proof itself proves the issuance only)
    res.set('X-Invoice-Status', `invoice=${found.invoice.status}; reimbursement=${found.invoice.reimbursement}; taxReported=${found.invoice.taxReported}`);
    sendDocument(req, res, 'tlog-proof', `${found.invoice.number}.tlog-proof`, new TextEncoder().encode(text));
  });

  const readable = (req: Request): { followed: FollowedLedger; invoice: MirrorInvoice } | null => {
    let principal: Principal | null;
    try {
      principal = throttle.authenticate({ keys: node.keys, adminBootstrapKey: node.config.adminBootstrapKey }, req.get('Authorization'), req.socket.remoteAddress);
    } catch {
      principal = null;
    }
    if (!mayReadMirroredDocuments(principal)) return null;
    const number = req.params['number'];
    return typeof number === 'string' && /^\d{20}$/u.test(number) ? findByNumber(node, number) : null;
  };
  const documentOf = (found: { followed: FollowedLedger; invoice: MirrorInvoice }): InvoiceDocument => {
    const entry = found.followed.mirror.ledger.entry(found.invoice.issuedIndex);
    if (!entry) throw new RangeError(`mirror lacks entry ${found.invoice.issuedIndex}`);
    return invoiceDocumentFromLeaf(entry.data, found.invoice.issuedIndex);
  };

  router.get('/invoices/:number/document.xml', (req: Request, res: Response) => {
    const found = readable(req);
    if (!found) return documentNotFound(res);
    sendDocument(req, res, 'xml', `${found.invoice.number}.xml`, new TextEncoder().encode(renderInvoiceXml(documentOf(found))));
  });
  router.get('/invoices/:number/document.pdf', async (req: Request, res: Response) => {
    const found = readable(req);
    if (!found) return documentNotFound(res);
    sendDocument(req, res, 'pdf', `${found.invoice.number}.pdf`, await renderInvoicePdf(documentOf(found), { taxNodeUrl: options.taxNodePublicUrl }));
  });
  return router;
}
