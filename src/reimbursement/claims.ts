// Reimbursement without double claims: an employee's claim locks the invoice ledger-wide
// (whoever claims next, at whatever employer, is refused), finance approves (CLOSED,
// terminal) or rejects (unlocked, claimable again). Every step is a ledger entry.
import { authorize, createApiKey, notFound, permits, type ApiKeyStore, type Grant, type Principal } from '../access/index.js';
import { DomainError, normaliseRemark, transitionReimbursement, type Clock } from '../domain/index.js';
import { reimbursementClosed, reimbursementLocked, reimbursementUnlocked } from '../events/index.js';
import type { InvoiceStore } from '../invoices/index.js';
import type { Ledger } from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { RateLimiter } from '../shared/rate-limit.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { OutboxWriter } from '../outbox/index.js';
import type { Claim, ClaimStatus, ReimbursementStore } from './ports.js';

export interface ReimbursementDeps {
  readonly claims: ReimbursementStore;
  readonly invoices: InvoiceStore;
  readonly keys: ApiKeyStore;
  readonly ledger: Ledger;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Failed claims per API key: a claim is a 查验 (number + date + amount), so guesses are rationed. */
  readonly failedClaims: RateLimiter;
  /** Events to the seller's system: a locked or closed claim changes whether it may reverse freely. */
  readonly outbox: OutboxWriter;
}

/** The caller's own employer (and person), as `authorize` granted them. */
interface Employer { readonly employerId: string }
interface ClaimingEmployee extends Employer { readonly personId: string; readonly keyId: string }

function employerOf(grant: Grant): Employer {
  return { employerId: grant.employerId ?? '' };
}

/** FINANCE registers an employee of its company and gets the employee's key (shown once). */
export function registerEmployee(deps: ReimbursementDeps, principal: Principal | null, name: string): { employeeId: string; apiKey: string } {
  const finance = employerOf(authorize(principal, 'reimbursement:registerEmployee'));
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new DomainError('REIMBURSEMENT.BAD_EMPLOYEE', 'employee name must be 1–100 characters');
  return deps.uow.run(() => {
    const employeeId = deps.ids.next('emp');
    deps.claims.insertEmployee({ id: employeeId, employerId: finance.employerId, name: trimmed, createdAt: deps.clock.now().toISOString() });
    const { key } = createApiKey(deps, { role: 'EMPLOYEE', employerId: finance.employerId, personId: employeeId, label: `${trimmed} (employee)` });
    return { employeeId, apiKey: key };
  });
}

/**
 * EMPLOYEE claims an invoice titled to their employer; the claim locks it everywhere.
 *
 * A claim names an invoice by number, date and amount, which makes it a 查验: an invoice not
 * titled to the employee's employer answers exactly like one that does not exist (its state,
 * date and amount are not even compared), and failed claims are rationed per API key
 * (`failedClaims`). Throws `REIMBURSEMENT.RATE_LIMITED` (details: `retryAfterSeconds`) while
 * the key is over its budget, before anything is looked up.
 */
export function claimReimbursement(
  deps: ReimbursementDeps,
  principal: Principal | null,
  query: { invoiceNumber: string; issueDate: string; totalAmount: number },
): Claim {
  const grant = authorize(principal, 'reimbursement:claim');
  const employee: ClaimingEmployee = { employerId: grant.employerId ?? '', personId: grant.personId ?? '', keyId: grant.keyId ?? '' };
  const budget = deps.failedClaims.check(employee.keyId);
  if (!budget.allowed) {
    throw new DomainError('REIMBURSEMENT.RATE_LIMITED', `too many failed claims; try again in ${budget.retryAfterSeconds} s`, { retryAfterSeconds: budget.retryAfterSeconds });
  }
  try {
    return lockForClaim(deps, principal, employee, query);
  } catch (error) {
    deps.failedClaims.charge(employee.keyId);
    throw error;
  }
}

function noSuchInvoice(): DomainError {
  return new DomainError('INVOICE.NOT_FOUND', 'no issued invoice with this number, date and amount');
}

function lockForClaim(deps: ReimbursementDeps, principal: Principal | null, employee: ClaimingEmployee, query: { invoiceNumber: string; issueDate: string; totalAmount: number }): Claim {
  return deps.uow.run(() => {
    const invoice = deps.invoices.getByNumber(query.invoiceNumber);
    // whose invoice it is comes first: someone else's invoice is "not found", whatever its state
    const titledToEmployer = invoice !== null && permits(principal, 'reimbursement:claim', { type: 'invoice', id: invoice.id, employerId: invoice.buyer.taxpayerId });
    if (!invoice || invoice.kind !== 'BLUE' || !titledToEmployer) throw noSuchInvoice();
    if (invoice.issueDate !== query.issueDate || invoice.gross !== query.totalAmount) throw noSuchInvoice();
    // then the lock: a second claim is refused the same way whoever at the employer makes it
    const step = transitionReimbursement(invoice.reimbursement, 'CLAIM');
    if (!step.ok) throw step.error;
    if (invoice.status === 'REVERSED') throw new DomainError('INVOICE.REVERSED', 'the invoice has been reversed');
    if (invoice.status !== 'ISSUED') throw new DomainError('INVOICE.NOT_CLAIMABLE', `an invoice in state ${invoice.status} cannot be claimed`);
    const id = deps.ids.next('clm');
    const at = deps.clock.now().toISOString();
    const [claimedIndex] = deps.ledger.append([
      // number, amount and buyer as found above: the invoice matched query.invoiceNumber and query.totalAmount, titled to the employer
      reimbursementLocked({
        at, actor: { role: 'EMPLOYEE', id: employee.personId }, subjectId: invoice.id,
        data: { claim: id, number: query.invoiceNumber, employerId: employee.employerId, personId: employee.personId, amount: query.totalAmount, buyer: { taxpayerId: employee.employerId } },
      }),
    ]);
    deps.outbox.append({ merchantId: invoice.merchantId, type: 'reimbursement.locked', data: { invoiceId: invoice.id, number: invoice.number, claim: id, employerId: employee.employerId } });
    deps.claims.insertClaim({
      id, invoice: invoice.id, employerId: employee.employerId, personId: employee.personId, status: 'LOCKED', amount: invoice.gross ?? 0, reason: null,
      claimedIndex: claimedIndex as number, decidedIndex: null, createdAt: at, decidedAt: null,
    });
    deps.invoices.setReimbursement(invoice.id, step.to);
    return deps.claims.get(id) as Claim;
  });
}

function ownLockedClaim(deps: ReimbursementDeps, principal: Principal | null, action: 'reimbursement:approve' | 'reimbursement:reject', claimId: string): Claim {
  const claim = deps.claims.get(claimId);
  if (!claim) throw notFound({ type: 'claim', id: claimId });
  authorize(principal, action, { type: 'claim', id: claimId, employerId: claim.employerId, personId: claim.personId });
  if (claim.status !== 'LOCKED') throw new DomainError(`REIMBURSEMENT.${claim.status === 'CLOSED' ? 'CLOSED' : 'NOT_LOCKED'}`, `claim ${claimId} is ${claim.status}`, { claimId });
  return claim;
}

/** FINANCE approves claims, all or nothing: each becomes CLOSED (terminal). */
export function approveReimbursements(deps: ReimbursementDeps, principal: Principal | null, claimIds: readonly string[]): Claim[] {
  const finance = employerOf(authorize(principal, 'reimbursement:approve'));
  if (claimIds.length === 0 || claimIds.length > 500) throw new DomainError('REIMBURSEMENT.BAD_INPUT', 'approve 1–500 claims at once');
  if (new Set(claimIds).size !== claimIds.length) throw new DomainError('REIMBURSEMENT.BAD_INPUT', 'a claim is listed twice');
  return deps.uow.run(() => {
    const claims = claimIds.map((id) => ownLockedClaim(deps, principal, 'reimbursement:approve', id));
    const at = deps.clock.now().toISOString();
    const indexes = deps.ledger.append(
      claims.map((c) => reimbursementClosed({
        at, actor: { role: 'FINANCE', id: finance.employerId }, subjectId: c.invoice,
        data: { claim: c.id, employerId: c.employerId, personId: c.personId, amount: c.amount, buyer: { taxpayerId: finance.employerId } },
      })),
    );
    claims.forEach((c, i) => {
      const step = transitionReimbursement('LOCKED', 'APPROVE');
      if (!step.ok) throw step.error;
      deps.outbox.append({ merchantId: deps.invoices.get(c.invoice)?.merchantId ?? '', type: 'reimbursement.closed', data: { invoiceId: c.invoice, claim: c.id, employerId: c.employerId } });
      deps.claims.decide(c.id, { status: 'CLOSED', reason: null, decidedIndex: indexes[i] as number, decidedAt: at });
      deps.invoices.setReimbursement(c.invoice, step.to);
    });
    return claims.map((c) => deps.claims.get(c.id) as Claim);
  });
}

/** FINANCE rejects a claim: the invoice is unlocked and may be claimed again. */
export function rejectReimbursement(deps: ReimbursementDeps, principal: Principal | null, claimId: string, reason: string): Claim {
  const finance = employerOf(authorize(principal, 'reimbursement:reject'));
  // the reason goes into the ledger entry: the domain's text policy for remarks (备注)
  const why = normaliseRemark(reason, 'reason');
  return deps.uow.run(() => {
    const claim = ownLockedClaim(deps, principal, 'reimbursement:reject', claimId);
    const step = transitionReimbursement('LOCKED', 'REJECT');
    if (!step.ok) throw step.error;
    const at = deps.clock.now().toISOString();
    const [index] = deps.ledger.append([
      reimbursementUnlocked({
        at, actor: { role: 'FINANCE', id: finance.employerId }, subjectId: claim.invoice,
        data: { claim: claim.id, employerId: claim.employerId, personId: claim.personId, reason: why, buyer: { taxpayerId: finance.employerId } },
      }),
    ]);
    deps.claims.decide(claim.id, { status: 'REJECTED', reason: why, decidedIndex: index as number, decidedAt: at });
    deps.invoices.setReimbursement(claim.invoice, step.to);
    return deps.claims.get(claim.id) as Claim;
  });
}

/** EMPLOYEE: a keyset page of their own claims. */
export function listOwnClaims(deps: Pick<ReimbursementDeps, 'claims'>, principal: Principal | null, page: { afterSeq: number; limit: number }): Claim[] {
  const grant = authorize(principal, 'reimbursement:listOwn');
  return deps.claims.page({ personId: grant.personId ?? '', employerId: grant.employerId ?? '' }, page.afterSeq, page.limit);
}

/** FINANCE: a keyset page of their company's claims, optionally in one state. */
export function listCompanyClaims(deps: Pick<ReimbursementDeps, 'claims'>, principal: Principal | null, status: ClaimStatus | null, page: { afterSeq: number; limit: number }): Claim[] {
  const grant = authorize(principal, 'reimbursement:listCompany');
  return deps.claims.page({ employerId: grant.employerId ?? '', ...(status ? { status } : {}) }, page.afterSeq, page.limit);
}
