// Every operation a caller can ask for, by name, and who may: the one table of authorization
// (ARCHITECTURE.md "Security model"). A row lists the callers an action is open to and, per
// caller, the resources it reaches:
// - `any`: every resource (TAX_AUTHORITY reads everything, ADMIN onboards every merchant);
// - `ownMerchant`: what belongs to the key's merchant;
// - `ownEmployer`: what is titled to the key's employer (invoices by buyer USCC, claims);
// - `ownPerson`: the key's own claims at its employer;
// - `token`: the one payment an apply token names; the token is the credential, so who holds
//   the key (if any) does not widen or narrow it.
// ANONYMOUS is a caller without an API key. A caller missing from a row is refused.
import type { Role } from './principal.js';

export type Caller = Role | 'ANONYMOUS';
export const CALLERS: readonly Caller[] = ['ADMIN', 'MERCHANT', 'EMPLOYEE', 'FINANCE', 'TAX_AUTHORITY', 'ANONYMOUS'];

export type Scope = 'any' | 'ownMerchant' | 'ownEmployer' | 'ownPerson' | 'token';

export type ActionRule = Readonly<Partial<Record<Caller, Scope>>>;

const EVERY_KEY = { ADMIN: 'any', MERCHANT: 'any', EMPLOYEE: 'any', FINANCE: 'any', TAX_AUTHORITY: 'any' } as const;
const EVERYONE_WITH_TOKEN = { ADMIN: 'token', MERCHANT: 'token', EMPLOYEE: 'token', FINANCE: 'token', TAX_AUTHORITY: 'token', ANONYMOUS: 'token' } as const;
const MERCHANT_AND_AUTHORITY = { MERCHANT: 'ownMerchant', TAX_AUTHORITY: 'any' } as const;
const AUTHORITY_AND_ADMIN = { TAX_AUTHORITY: 'any', ADMIN: 'any' } as const;

export const ACTIONS = {
  // merchants and keys (src/access)
  'merchant:register': { ADMIN: 'any' },
  'merchant:read': { ADMIN: 'any', MERCHANT: 'ownMerchant', TAX_AUTHORITY: 'any' },
  'merchant:rotateWebhookSecret': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  // its invoicing settings (autoIssue, autoReverse, default tax code and rate); name, USCC and region stay as registered
  'merchant:update': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  // a merchant's WeChat Pay / Alipay settings (src/payments/provider-settings.ts)
  'provider:read': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'provider:configure': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  // a merchant's notification endpoint and the events delivered to it (src/outbox)
  'notification:read': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'notification:configure': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'notification:redeliver': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  // a merchant's tax-code catalogue (src/invoices/tax-codes.ts)
  'taxCode:read': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'taxCode:manage': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  // payments (read-only over GraphQL; they arrive by signed webhook)
  'payment:read': MERCHANT_AND_AUTHORITY,
  'payment:list': MERCHANT_AND_AUTHORITY,
  // invoices (src/invoices)
  'invoice:read': MERCHANT_AND_AUTHORITY,
  'invoice:list': MERCHANT_AND_AUTHORITY,
  'invoice:readByApplyToken': EVERYONE_WITH_TOKEN,
  'invoice:applyWithToken': EVERYONE_WITH_TOKEN,
  'invoice:apply': { MERCHANT: 'ownMerchant' },
  'invoice:issue': { MERCHANT: 'ownMerchant' },
  'invoice:reverse': { MERCHANT: 'ownMerchant' },
  // the buyer company's confirmation (红字确认单) of reversing an invoice it reimbursed
  'invoice:confirmReversal': { FINANCE: 'ownEmployer' },
  // reversals waiting for that confirmation: the seller's merchant sees its own, the buyer's FINANCE its company's
  'invoice:listPendingReversals': { MERCHANT: 'ownMerchant', FINANCE: 'ownEmployer' },
  // the platform's ledger: head and proofs are public to every key, entries carry tenants' data
  'ledger:readHead': EVERY_KEY,
  'ledger:read': MERCHANT_AND_AUTHORITY,
  'ledger:prove': EVERY_KEY,
  // reimbursement (src/reimbursement)
  'reimbursement:registerEmployee': { FINANCE: 'ownEmployer' },
  'reimbursement:claim': { EMPLOYEE: 'ownEmployer' },
  'reimbursement:approve': { FINANCE: 'ownEmployer' },
  'reimbursement:reject': { FINANCE: 'ownEmployer' },
  'reimbursement:listOwn': { EMPLOYEE: 'ownPerson' },
  'reimbursement:listCompany': { FINANCE: 'ownEmployer' },
  // period tax reports (src/tax-report/report.ts)
  'taxReport:read': MERCHANT_AND_AUTHORITY,
  'taxReport:list': MERCHANT_AND_AUTHORITY,
  'taxReport:file': { MERCHANT: 'ownMerchant' },
  // reconciliation (src/reconciliation): a merchant runs and reads only its own report; the
  // platform-wide run (ledger, projections, tax node, the catch-up watermark) is ADMIN's
  'reconciliation:read': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'reconciliation:run:merchant': { ADMIN: 'any', MERCHANT: 'ownMerchant' },
  'reconciliation:run:platform': { ADMIN: 'any' },
  'reconciliation:uploadBill': { MERCHANT: 'ownMerchant' },
  // the tax node: 查验 is public (an authentic/not answer), the proof and amounts are the authority's
  'taxNode:verifyInvoice': { ANONYMOUS: 'any', ...AUTHORITY_AND_ADMIN },
  'taxNode:verifyInvoice:full': AUTHORITY_AND_ADMIN,
  'taxNode:ledgers': AUTHORITY_AND_ADMIN,
  'taxNode:blocks': AUTHORITY_AND_ADMIN,
  'taxNode:entries': AUTHORITY_AND_ADMIN,
  'taxNode:taxpayerSummary': AUTHORITY_AND_ADMIN,
  'taxNode:verifyTaxReport': AUTHORITY_AND_ADMIN,
  'taxNode:alerts': AUTHORITY_AND_ADMIN,
  'apiKey:create': { ADMIN: 'any' },
} as const satisfies Readonly<Record<string, ActionRule>>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

/** The scope `caller` has for `action`, or null when the action is not open to it. */
export function scopeFor(action: Action, caller: Caller): Scope | null {
  const rule: ActionRule = ACTIONS[action];
  return rule[caller] ?? null;
}
