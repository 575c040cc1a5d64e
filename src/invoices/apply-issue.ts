// Applying for an invoice (the payer with the token, or the merchant) and issuing it. Each
// step appends its ledger entry in the same transaction as the state change.
import { authorize, type Merchant, type MerchantStore, type Principal } from '../access/index.js';
import {
  DomainError, assertTaxpayerId, beijingDate, formatInvoiceNumber, normaliseName, provinceCodeOf, sumLines, toCapitalAmount,
  transitionInvoice, type Clock,
} from '../domain/index.js';
import { invoiceApplied, invoiceIssued } from '../events/index.js';
import type { Ledger, LedgerEntry } from '../ledger/index.js';
import type { Payment, PaymentStore } from '../payments/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { OutboxWriter } from '../outbox/index.js';
import type { ApplyTokens } from './apply-token.js';
import { buildInvoiceLines } from './lines.js';
import { applyCatalogue, type TaxCodeStore } from './tax-codes.js';
import type { InvoiceStore } from './ports.js';
import type { Buyer, BuyerType, Invoice, InvoiceLine } from './types.js';

/** The digit of the invoice number that names the issuing channel: 1 for this platform. */
export const PLATFORM_CHANNEL = 1;

export interface InvoiceDeps {
  readonly invoices: InvoiceStore;
  readonly payments: PaymentStore;
  readonly merchants: MerchantStore;
  readonly ledger: Ledger;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly tokens: ApplyTokens;
  /** Events to the merchant's system, appended in the same transaction as the ledger entry. */
  readonly outbox: OutboxWriter;
  readonly taxCodes: TaxCodeStore;
}

export interface ApplyInput {
  readonly applyToken?: string | null;
  readonly paymentId?: string | null;
  readonly buyer: { type: BuyerType; name: string; taxpayerId?: string | null; email?: string | null };
}

export type Actor = LedgerEntry['actor'];

function notFound(what: string, id: string): DomainError {
  return new DomainError(`${what.toUpperCase()}.NOT_FOUND`, `no ${what} ${id}`, { id });
}

function validateBuyer(input: ApplyInput['buyer']): Buyer {
  // the domain's one text policy (NFC, no controls or bidi overrides, visible, 购买方名称 length)
  const name = normaliseName(input.name, 'buyer.name');
  const taxpayerId = input.taxpayerId?.trim() || null;
  if (input.type === 'ORGANIZATION' && taxpayerId === null) {
    throw new DomainError('INVOICE.BAD_BUYER', 'an organization buyer needs its unified social credit code', { field: 'buyer.taxpayerId' });
  }
  if (taxpayerId !== null) assertTaxpayerId(taxpayerId);
  const email = input.email?.trim() || null;
  if (email !== null && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email))) {
    throw new DomainError('INVOICE.BAD_BUYER', 'buyer email is not an address', { field: 'buyer.email' });
  }
  return { type: input.type, name, taxpayerId, email };
}

function paymentOfToken(deps: InvoiceDeps, token: string): Payment {
  const paymentId = deps.tokens.paymentOf(token);
  const payment = paymentId ? deps.payments.get(paymentId) : null;
  if (!payment) throw new DomainError('INVOICE.BAD_APPLY_TOKEN', 'the apply token is not valid');
  return payment;
}

/**
 * The payer's page: the invoice the token's payment has (its latest blue one, whatever its
 * state), or null before anyone applied. Throws INVOICE.BAD_APPLY_TOKEN for a forged,
 * malformed or expired token.
 */
export function invoiceForApplyToken(deps: InvoiceDeps, principal: Principal | null, token: string): Invoice | null {
  authorize(principal, 'invoice:readByApplyToken');
  return deps.invoices.latestBlueForPayment(paymentOfToken(deps, token).id);
}

/** Which payment the caller may apply for, and who they are on the ledger. */
function resolvePayment(deps: InvoiceDeps, principal: Principal | null, input: ApplyInput): { payment: Payment; actor: Actor } {
  if (input.applyToken) {
    // the token is its own credential: whoever holds it reaches exactly its payment
    authorize(principal, 'invoice:applyWithToken');
    const payment = paymentOfToken(deps, input.applyToken);
    // a token applies once: after any application (even one reversed since) it only reads
    const applied = deps.invoices.latestBlueForPayment(payment.id);
    if (applied) throw new DomainError('INVOICE.ALREADY_APPLIED', 'this payment already has an application; the apply token now only reads it', { invoiceId: applied.id });
    return { payment, actor: { role: 'PAYER', id: 'apply-token' } };
  }
  if (!input.paymentId) throw new DomainError('INVOICE.BAD_INPUT', 'give an applyToken or a paymentId');
  authorize(principal, 'invoice:apply');
  const payment = deps.payments.get(input.paymentId);
  if (!payment) throw notFound('payment', input.paymentId);
  const grant = authorize(principal, 'invoice:apply', { type: 'payment', id: input.paymentId, merchantId: payment.merchantId });
  return { payment, actor: { role: 'MERCHANT', id: grant.merchantId ?? payment.merchantId } };
}

/** Creates an application (an invoice in APPLIED state); issues it at once with autoIssue. */
export function applyForInvoice(deps: InvoiceDeps, principal: Principal | null, input: ApplyInput): Invoice {
  const buyer = validateBuyer(input.buyer);
  return deps.uow.run(() => {
    const { payment, actor } = resolvePayment(deps, principal, input);
    if (payment.refunded >= payment.amount) {
      throw new DomainError('INVOICE.PAYMENT_REFUNDED', 'the payment was refunded in full; there is nothing to invoice');
    }
    const active = deps.invoices.activeForPayment(payment.id);
    if (active) throw new DomainError('INVOICE.ALREADY_APPLIED', 'this payment already has an application', { invoiceId: active.id });
    const merchant = deps.merchants.get(payment.merchantId);
    if (!merchant) throw notFound('merchant', payment.merchantId);
    const id = createApplication(deps, payment, buyer, actor, merchant);
    if (merchant.autoIssue) return issue(deps, id, { role: 'SYSTEM', id: 'auto-issue' }, merchant);
    return deps.invoices.get(id) as Invoice;
  });
}

/** An application (invoice in APPLIED state) and its ledger entry; inside the caller's transaction. */
export function createApplication(deps: InvoiceDeps, payment: Payment, buyer: Buyer, actor: Actor, merchant: Merchant): string {
  const now = deps.clock.now().toISOString();
  const id = deps.ids.next('inv');
  const [appliedIndex] = deps.ledger.append([
    invoiceApplied({
      at: now, actor, subjectId: id,
      data: { merchantId: merchant.id, payment: payment.id, buyer: { type: buyer.type, name: buyer.name, taxpayerId: buyer.taxpayerId } },
    }),
  ]);
  deps.invoices.insertApplied({
    id, merchantId: merchant.id, payment: payment.id, status: 'APPLIED', kind: 'BLUE', buyer,
    number: null, issueDate: null, sellerName: null, sellerTaxpayerId: null, net: null, tax: null, gross: null, capitalAmount: null,
    appliedIndex: appliedIndex as number, issuedIndex: null, appliedAt: now, issuedAt: null,
    reverses: null, reversedBy: null, reversalReason: null, reimbursement: 'NONE', taxReported: false,
  });
  return id;
}

/** Issues an applied invoice (MERCHANT, own invoices only). */
export function issueInvoice(deps: InvoiceDeps, principal: Principal | null, invoiceId: string): Invoice {
  authorize(principal, 'invoice:issue');
  return deps.uow.run(() => {
    const invoice = deps.invoices.get(invoiceId);
    if (!invoice) throw notFound('invoice', invoiceId);
    authorize(principal, 'invoice:issue', { type: 'invoice', id: invoiceId, merchantId: invoice.merchantId });
    const merchant = deps.merchants.get(invoice.merchantId);
    if (!merchant) throw notFound('merchant', invoice.merchantId);
    return issue(deps, invoiceId, { role: 'MERCHANT', id: merchant.id }, merchant);
  });
}

/** Issues an application: number, date, lines, totals and the invoice.issued entry. */
export function issue(deps: InvoiceDeps, invoiceId: string, actor: Actor, merchant: Merchant): Invoice {
  const invoice = deps.invoices.get(invoiceId);
  if (!invoice) throw notFound('invoice', invoiceId);
  const step = transitionInvoice(invoice.status, 'ISSUE');
  if (!step.ok) throw step.error;
  const payment = deps.payments.get(invoice.payment);
  if (!payment) throw notFound('payment', invoice.payment);
  const amountDue = payment.amount - payment.refunded;
  if (amountDue <= 0) throw new DomainError('INVOICE.PAYMENT_REFUNDED', 'the payment was refunded in full; there is nothing to invoice');

  // items naming a code of the merchant's catalogue take its rate and goods name (tax-codes.ts)
  const catalogue = deps.taxCodes.find(merchant.id, (payment.items ?? []).map((i) => i.taxCode));
  const lines: InvoiceLine[] = buildInvoiceLines({
    items: applyCatalogue(payment.items, catalogue), paid: payment.amount, amountDue, description: payment.description,
    defaultTaxRate: merchant.defaultTaxRate, defaultTaxCode: merchant.defaultTaxCode,
  });
  const totals = sumLines(lines);
  const now = deps.clock.now();
  const issueDate = beijingDate(now);
  const year = Number(issueDate.slice(0, 4));
  const provinceCode = provinceCodeOf(merchant.taxpayerId);
  const number = formatInvoiceNumber({ year, provinceCode, channel: PLATFORM_CHANNEL, sequence: deps.invoices.nextSequence(year, provinceCode) });
  const capitalAmount = toCapitalAmount(totals.gross);
  const [issuedIndex] = deps.ledger.append([
    invoiceIssued({
      at: now.toISOString(), actor, subjectId: invoice.id,
      data: {
        merchantId: merchant.id, payment: payment.id, number, issueDate, kind: 'BLUE',
        seller: { name: merchant.name, taxpayerId: merchant.taxpayerId },
        buyer: { type: invoice.buyer.type, name: invoice.buyer.name, taxpayerId: invoice.buyer.taxpayerId },
        lines: lines.map((l) => ({ ...l })),
        net: totals.net, tax: totals.tax, gross: totals.gross, capitalAmount,
      },
    }),
  ]);
  deps.outbox.append({ merchantId: merchant.id, type: 'invoice.issued', data: { invoiceId: invoice.id, payment: payment.id, number, issueDate, kind: 'BLUE', net: totals.net, tax: totals.tax, gross: totals.gross, ledgerIndex: issuedIndex } });
  deps.invoices.markIssued(
    invoice.id,
    {
      number, issueDate, sellerName: merchant.name, sellerTaxpayerId: merchant.taxpayerId, net: totals.net, tax: totals.tax,
      gross: totals.gross, capitalAmount, issuedIndex: issuedIndex as number, issuedAt: now.toISOString(),
    },
    lines,
  );
  return deps.invoices.get(invoice.id) as Invoice;
}
