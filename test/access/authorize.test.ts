// authorize(principal, action, resource): the one decision, checked against its table for
// every action and every kind of caller, and scope by scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_NAMES, ACTIONS, CALLERS, authorize, merchantFilter, notFound, permits, scopeFor, type Caller, type Principal, type Resource,
} from '../../src/access/index.js';
import { isDomainError } from '../../src/domain/index.js';

const PRINCIPALS: Record<Caller, Principal | null> = {
  ADMIN: { role: 'ADMIN', keyId: 'key_admin' },
  MERCHANT: { role: 'MERCHANT', keyId: 'key_m', merchantId: 'm_a' },
  EMPLOYEE: { role: 'EMPLOYEE', keyId: 'key_e', employerId: '91440300MA5BUYER26', personId: 'emp_1' },
  FINANCE: { role: 'FINANCE', keyId: 'key_f', employerId: '91440300MA5BUYER26' },
  TAX_AUTHORITY: { role: 'TAX_AUTHORITY', keyId: 'key_t' },
  ANONYMOUS: null,
};

/** The code authorize throws, or 'GRANTED'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'GRANTED';
  } catch (error) {
    assert.ok(isDomainError(error), `not a DomainError: ${String(error)}`);
    return error.code;
  }
}

test('every action × caller: granted exactly when the table lists the caller; else UNAUTHENTICATED without a key, FORBIDDEN with one', () => {
  for (const action of ACTION_NAMES) {
    for (const caller of CALLERS) {
      const allowed = scopeFor(action, caller) !== null;
      const want = allowed ? 'GRANTED' : caller === 'ANONYMOUS' ? 'ACCESS.UNAUTHENTICATED' : 'ACCESS.FORBIDDEN';
      assert.equal(outcome(() => authorize(PRINCIPALS[caller], action)), want, `${action} as ${caller}`);
      assert.equal(permits(PRINCIPALS[caller], action), allowed, `permits ${action} as ${caller}`);
    }
  }
});

test('every action is open to someone, and every scope in the table names a known caller', () => {
  for (const action of ACTION_NAMES) {
    const rule: Record<string, string> = ACTIONS[action];
    assert.ok(Object.keys(rule).length > 0, `${action} is open to nobody`);
    for (const caller of Object.keys(rule)) assert.ok((CALLERS as readonly string[]).includes(caller), `${action}: ${caller}`);
  }
});

test('the grant says who the caller is and how far it reaches', () => {
  const grant = authorize(PRINCIPALS.MERCHANT, 'invoice:issue');
  assert.deepEqual(
    { caller: grant.caller, scope: grant.scope, keyId: grant.keyId, merchantId: grant.merchantId, employerId: grant.employerId, personId: grant.personId },
    { caller: 'MERCHANT', scope: 'ownMerchant', keyId: 'key_m', merchantId: 'm_a', employerId: null, personId: null },
  );
  const employee = authorize(PRINCIPALS.EMPLOYEE, 'reimbursement:listOwn');
  assert.deepEqual([employee.scope, employee.employerId, employee.personId], ['ownPerson', '91440300MA5BUYER26', 'emp_1']);
  assert.equal(authorize(null, 'invoice:applyWithToken').scope, 'token');
  assert.equal(authorize(null, 'taxNode:verifyInvoice').keyId, null);
});

test('own merchant: its own invoice is granted; another merchant\'s answers exactly like a missing invoice', () => {
  const own: Resource = { type: 'invoice', id: 'inv_1', merchantId: 'm_a' };
  const other: Resource = { type: 'invoice', id: 'inv_2', merchantId: 'm_b' };
  assert.equal(authorize(PRINCIPALS.MERCHANT, 'invoice:issue', own).merchantId, 'm_a');
  assert.equal(permits(PRINCIPALS.MERCHANT, 'invoice:issue', other), false);
  const refusal = (() => {
    try {
      authorize(PRINCIPALS.MERCHANT, 'invoice:issue', other);
    } catch (error) {
      return error;
    }
    return null;
  })();
  const missing = notFound({ type: 'invoice', id: 'inv_2' });
  assert.ok(isDomainError(refusal));
  assert.deepEqual([refusal.code, refusal.message, refusal.details], [missing.code, missing.message, missing.details]);
  assert.deepEqual([refusal.code, refusal.message], ['INVOICE.NOT_FOUND', 'no invoice inv_2']);
  // a resource that names no merchant belongs to no merchant's scope
  assert.equal(permits(PRINCIPALS.MERCHANT, 'ledger:read', { type: 'ledgerEntry', id: '0', merchantId: null }), false);
  // the tax authority reaches every merchant's invoices
  assert.equal(permits(PRINCIPALS.TAX_AUTHORITY, 'invoice:read', other), true);
});

test('out-of-scope refusals carry each resource type\'s own not-found code', () => {
  const cases: Array<[Resource, string]> = [
    [{ type: 'payment', id: 'pay_1', merchantId: 'm_b' }, 'PAYMENT.NOT_FOUND'],
    [{ type: 'merchant', id: 'm_b', merchantId: 'm_b' }, 'MERCHANT.NOT_FOUND'],
    [{ type: 'taxReport', id: 'rpt_1', merchantId: 'm_b' }, 'TAX_REPORT.NOT_FOUND'],
    [{ type: 'reconciliationReport', id: 'rec_1', merchantId: null }, 'RECONCILIATION.NOT_FOUND'],
  ];
  for (const [resource, code] of cases) {
    const action = resource.type === 'merchant' ? 'merchant:rotateWebhookSecret' : resource.type === 'reconciliationReport' ? 'reconciliation:read' : resource.type === 'payment' ? 'payment:read' : 'taxReport:read';
    assert.equal(outcome(() => authorize(PRINCIPALS.MERCHANT, action, resource)), code, resource.type);
  }
});

test('own employer and own person: finance reaches its company\'s claims, an employee only its own', () => {
  const claim = (employerId: string, personId: string): Resource => ({ type: 'claim', id: 'clm_1', employerId, personId });
  assert.equal(permits(PRINCIPALS.FINANCE, 'reimbursement:approve', claim('91440300MA5BUYER26', 'emp_9')), true);
  assert.equal(outcome(() => authorize(PRINCIPALS.FINANCE, 'reimbursement:approve', claim('91310000MA1OTHER0X', 'emp_9'))), 'REIMBURSEMENT.NOT_FOUND');
  assert.equal(permits(PRINCIPALS.EMPLOYEE, 'reimbursement:listOwn', claim('91440300MA5BUYER26', 'emp_1')), true);
  assert.equal(permits(PRINCIPALS.EMPLOYEE, 'reimbursement:listOwn', claim('91440300MA5BUYER26', 'emp_2')), false);
  // an invoice is titled to the employer by its buyer USCC
  const invoice = (buyer: string): Resource => ({ type: 'invoice', id: 'inv_1', merchantId: 'm_a', employerId: buyer });
  assert.equal(permits(PRINCIPALS.EMPLOYEE, 'reimbursement:claim', invoice('91440300MA5BUYER26')), true);
  assert.equal(permits(PRINCIPALS.EMPLOYEE, 'reimbursement:claim', invoice('91310000MA1OTHER0X')), false);
  assert.equal(permits(PRINCIPALS.FINANCE, 'invoice:confirmReversal', invoice('91310000MA1OTHER0X')), false);
});

test('a key stored without its scope reaches nothing: FORBIDDEN, never "every merchant"', () => {
  const unscoped: Principal = { role: 'MERCHANT', keyId: 'key_x', merchantId: '' };
  assert.equal(outcome(() => authorize(unscoped, 'invoice:list')), 'ACCESS.FORBIDDEN');
  assert.equal(permits(unscoped, 'invoice:list'), false);
  const noPerson: Principal = { role: 'EMPLOYEE', keyId: 'key_y', employerId: '91440300MA5BUYER26', personId: '' };
  assert.equal(outcome(() => authorize(noPerson, 'reimbursement:listOwn')), 'ACCESS.FORBIDDEN');
});

test('merchantFilter: every merchant for an `any` grant, the own merchant for `ownMerchant`, a TypeError for scopes that cannot filter by merchant', () => {
  assert.equal(merchantFilter(authorize(PRINCIPALS.TAX_AUTHORITY, 'invoice:list')), null);
  assert.equal(merchantFilter(authorize(PRINCIPALS.MERCHANT, 'invoice:list')), 'm_a');
  assert.throws(() => merchantFilter(authorize(PRINCIPALS.FINANCE, 'reimbursement:listCompany')), TypeError);
  assert.throws(() => merchantFilter(authorize(null, 'invoice:applyWithToken')), TypeError);
});

test('permits agrees with authorize for every action, caller and resource owner', () => {
  const owners: Resource[] = [
    { type: 'invoice', id: 'i', merchantId: 'm_a', employerId: '91440300MA5BUYER26' },
    { type: 'invoice', id: 'i', merchantId: 'm_b', employerId: '91310000MA1OTHER0X' },
    { type: 'claim', id: 'c', employerId: '91440300MA5BUYER26', personId: 'emp_1' },
    { type: 'claim', id: 'c', employerId: '91440300MA5BUYER26', personId: 'emp_2' },
    { type: 'ledgerEntry', id: '0' },
  ];
  for (const action of ACTION_NAMES) {
    for (const caller of CALLERS) {
      for (const resource of owners) {
        const granted = outcome(() => authorize(PRINCIPALS[caller], action, resource)) === 'GRANTED';
        assert.equal(permits(PRINCIPALS[caller], action, resource), granted, `${action} as ${caller} on ${JSON.stringify(resource)}`);
      }
    }
  }
});

test('the table is the security model: who may do what, written out (a widening must change this test too)', () => {
  const who = Object.fromEntries(ACTION_NAMES.map((a) => [a, CALLERS.filter((c) => scopeFor(a, c) !== null).map((c) => `${c}:${scopeFor(a, c) as string}`).join(' ')]));
  const KEYS = 'ADMIN:any MERCHANT:any EMPLOYEE:any FINANCE:any TAX_AUTHORITY:any';
  const TOKEN = 'ADMIN:token MERCHANT:token EMPLOYEE:token FINANCE:token TAX_AUTHORITY:token ANONYMOUS:token';
  const SELLER_AND_AUTHORITY = 'MERCHANT:ownMerchant TAX_AUTHORITY:any';
  const AUTHORITY = 'ADMIN:any TAX_AUTHORITY:any';
  assert.deepEqual(who, {
    'merchant:register': 'ADMIN:any',
    'merchant:read': 'ADMIN:any MERCHANT:ownMerchant TAX_AUTHORITY:any',
    'merchant:rotateWebhookSecret': 'ADMIN:any MERCHANT:ownMerchant',
    'merchant:update': 'ADMIN:any MERCHANT:ownMerchant',
    'taxCode:read': 'ADMIN:any MERCHANT:ownMerchant',
    'taxCode:manage': 'ADMIN:any MERCHANT:ownMerchant',
    'provider:read': 'ADMIN:any MERCHANT:ownMerchant',
    'provider:configure': 'ADMIN:any MERCHANT:ownMerchant',
    'notification:read': 'ADMIN:any MERCHANT:ownMerchant',
    'notification:configure': 'ADMIN:any MERCHANT:ownMerchant',
    'notification:redeliver': 'ADMIN:any MERCHANT:ownMerchant',
    'payment:read': SELLER_AND_AUTHORITY,
    'payment:list': SELLER_AND_AUTHORITY,
    'invoice:read': SELLER_AND_AUTHORITY,
    'invoice:list': SELLER_AND_AUTHORITY,
    'invoice:readByApplyToken': TOKEN,
    'invoice:applyWithToken': TOKEN,
    'invoice:apply': 'MERCHANT:ownMerchant',
    'invoice:issue': 'MERCHANT:ownMerchant',
    'invoice:reverse': 'MERCHANT:ownMerchant',
    'invoice:confirmReversal': 'FINANCE:ownEmployer',
    'invoice:listPendingReversals': 'MERCHANT:ownMerchant FINANCE:ownEmployer',
    'ledger:readHead': KEYS,
    'ledger:read': SELLER_AND_AUTHORITY,
    'ledger:prove': KEYS,
    'reimbursement:registerEmployee': 'FINANCE:ownEmployer',
    'reimbursement:claim': 'EMPLOYEE:ownEmployer',
    'reimbursement:approve': 'FINANCE:ownEmployer',
    'reimbursement:reject': 'FINANCE:ownEmployer',
    'reimbursement:listOwn': 'EMPLOYEE:ownPerson',
    'reimbursement:listCompany': 'FINANCE:ownEmployer',
    'taxReport:read': SELLER_AND_AUTHORITY,
    'taxReport:list': SELLER_AND_AUTHORITY,
    'taxReport:file': 'MERCHANT:ownMerchant',
    'reconciliation:read': 'ADMIN:any MERCHANT:ownMerchant',
    'reconciliation:run:merchant': 'ADMIN:any MERCHANT:ownMerchant',
    'reconciliation:run:platform': 'ADMIN:any',
    'reconciliation:uploadBill': 'MERCHANT:ownMerchant',
    'taxNode:verifyInvoice': 'ADMIN:any TAX_AUTHORITY:any ANONYMOUS:any',
    'taxNode:verifyInvoice:full': AUTHORITY,
    'taxNode:ledgers': AUTHORITY,
    'taxNode:blocks': AUTHORITY,
    'taxNode:entries': AUTHORITY,
    'taxNode:taxpayerSummary': AUTHORITY,
    'taxNode:verifyTaxReport': AUTHORITY,
    'taxNode:alerts': AUTHORITY,
    'apiKey:create': 'ADMIN:any',
  });
});
