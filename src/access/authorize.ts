// The one authorization decision: may this principal do this action (./actions.ts) to this
// resource? Services call it first thing; nothing else decides who may do what.
//
// Refusals are DomainErrors with stable codes:
// - ACCESS.UNAUTHENTICATED: no key, for an action not open to anonymous callers;
// - ACCESS.FORBIDDEN: the key's role is not in the action's row;
// - `<RESOURCE>.NOT_FOUND`: the role may do the action, but the resource lies outside its scope
//   (another merchant's invoice, another company's claim). That answer is exactly the one for
//   a resource that does not exist, so a tenant learns nothing about another tenant's ids.
import { DomainError } from '../domain/index.js';
import { scopeFor, type Action, type Caller, type Scope } from './actions.js';
import type { Principal } from './principal.js';

export type ResourceType = 'invoice' | 'payment' | 'merchant' | 'claim' | 'taxReport' | 'reconciliationReport' | 'ledgerEntry' | 'notificationEvent';

/** What a resource is and whom it belongs to; absent owners belong to nobody's own scope. */
export interface Resource {
  readonly type: ResourceType;
  readonly id: string;
  /** The merchant it belongs to (the seller, for invoices). */
  readonly merchantId?: string | null;
  /** The employer it is titled to: an invoice's buyer USCC, a claim's employer. */
  readonly employerId?: string | null;
  /** The employee it belongs to (claims). */
  readonly personId?: string | null;
}

/** What `authorize` grants: who the caller is and how far the action reaches for it. */
export interface Grant {
  readonly caller: Caller;
  readonly principal: Principal | null;
  readonly scope: Scope;
  /** The API key, for per-key budgets; null for anonymous callers. */
  readonly keyId: string | null;
  /** The caller's own merchant (MERCHANT keys), else null. */
  readonly merchantId: string | null;
  /** The caller's own employer (FINANCE and EMPLOYEE keys), else null. */
  readonly employerId: string | null;
  /** The caller's own person id at its employer (EMPLOYEE keys), else null. */
  readonly personId: string | null;
}

const NOT_FOUND: Readonly<Record<ResourceType, { code: string; noun: string; idKey: string }>> = {
  invoice: { code: 'INVOICE.NOT_FOUND', noun: 'invoice', idKey: 'id' },
  payment: { code: 'PAYMENT.NOT_FOUND', noun: 'payment', idKey: 'id' },
  merchant: { code: 'MERCHANT.NOT_FOUND', noun: 'merchant', idKey: 'id' },
  claim: { code: 'REIMBURSEMENT.NOT_FOUND', noun: 'claim', idKey: 'claimId' },
  taxReport: { code: 'TAX_REPORT.NOT_FOUND', noun: 'tax report', idKey: 'id' },
  reconciliationReport: { code: 'RECONCILIATION.NOT_FOUND', noun: 'reconciliation report', idKey: 'id' },
  ledgerEntry: { code: 'LEDGER.NO_SUCH_ENTRY', noun: 'ledger entry', idKey: 'index' },
  notificationEvent: { code: 'NOTIFICATION.NOT_FOUND', noun: 'notification event', idKey: 'id' },
};

/** The refusal for a resource that does not exist, or that the caller may not know exists. */
export function notFound(resource: Pick<Resource, 'type' | 'id'>): DomainError {
  const n = NOT_FOUND[resource.type];
  return new DomainError(n.code, `no ${n.noun} ${resource.id}`, { [n.idKey]: resource.id });
}

function callerOf(principal: Principal | null): Caller {
  return principal === null ? 'ANONYMOUS' : principal.role;
}

function grantOf(principal: Principal | null, scope: Scope): Grant {
  const own = (value: string): string | null => (value === '' ? null : value);
  const merchantId = principal?.role === 'MERCHANT' ? own(principal.merchantId) : null;
  const employerId = principal?.role === 'FINANCE' || principal?.role === 'EMPLOYEE' ? own(principal.employerId) : null;
  const personId = principal?.role === 'EMPLOYEE' ? own(principal.personId) : null;
  return { caller: callerOf(principal), principal, scope, keyId: principal?.keyId ?? null, merchantId, employerId, personId };
}

/**
 * The merchant a merchant-keyed list is confined to: null (every merchant) for an `any`
 * grant, the caller's own for `ownMerchant`. Any other scope on such a list is a bug in the
 * action table, so it throws TypeError rather than list everything.
 */
export function merchantFilter(grant: Grant): string | null {
  if (grant.scope === 'any') return null;
  if (grant.scope === 'ownMerchant' && grant.merchantId !== null) return grant.merchantId;
  throw new TypeError(`a ${grant.scope} grant cannot filter a list by merchant`);
}

/** An own-scope grant names its owner; a key stored without one (never created so) reaches nothing. */
function complete(grant: Grant): boolean {
  if (grant.scope === 'ownMerchant') return grant.merchantId !== null;
  if (grant.scope === 'ownEmployer') return grant.employerId !== null;
  if (grant.scope === 'ownPerson') return grant.employerId !== null && grant.personId !== null;
  return true;
}

/** Whether `grant` reaches `resource`. An own-scope grant without its id (a key with an empty scope) reaches nothing. */
export function covers(grant: Grant, resource: Resource): boolean {
  switch (grant.scope) {
    case 'any':
    case 'token': // the resource was reached through a verified token, which is the credential
      return true;
    case 'ownMerchant':
      return grant.merchantId !== null && resource.merchantId === grant.merchantId;
    case 'ownEmployer':
      return grant.employerId !== null && resource.employerId === grant.employerId;
    case 'ownPerson':
      return grant.employerId !== null && grant.personId !== null && resource.employerId === grant.employerId && resource.personId === grant.personId;
  }
}

/**
 * May `principal` (null: no API key) do `action`, to `resource` when one is named? Returns the
 * grant (its scope filters lists). Throws DomainError ACCESS.UNAUTHENTICATED (no key, action
 * not open to anonymous callers), ACCESS.FORBIDDEN (role not allowed), or the resource's
 * NOT_FOUND (allowed, but the resource is outside the caller's scope).
 */
export function authorize(principal: Principal | null, action: Action, resource?: Resource): Grant {
  const caller = callerOf(principal);
  const scope = scopeFor(action, caller);
  if (scope === null) {
    if (principal === null) throw new DomainError('ACCESS.UNAUTHENTICATED', 'this operation needs an API key', { action });
    throw new DomainError('ACCESS.FORBIDDEN', `this operation is not open to ${caller}`, { action });
  }
  const grant = grantOf(principal, scope);
  // without this a MERCHANT key with no merchant would list every merchant's rows (null = all)
  if (!complete(grant)) throw new DomainError('ACCESS.FORBIDDEN', `this ${caller} key has no scope`, { action });
  if (resource && !covers(grant, resource)) throw notFound(resource);
  return grant;
}

/** `authorize` as a question: true when it would grant, false when it would refuse (never throws). */
export function permits(principal: Principal | null, action: Action, resource?: Resource): boolean {
  const scope = scopeFor(action, callerOf(principal));
  if (scope === null) return false;
  const grant = grantOf(principal, scope);
  return complete(grant) && (resource === undefined || covers(grant, resource));
}
