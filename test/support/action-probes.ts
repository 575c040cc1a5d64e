// One GraphQL request per action of src/access/actions.ts, the way a client asks for it, and
// per action whose table row confines some caller to its own merchant, employer or person, a
// request by another tenant. Typed as a record over every Action, so a new action without a
// probe does not compile (and the matrix test also checks it at run time).
import { existsSync, readFileSync } from 'node:fs';
import { CALLERS, type Action, type Caller } from '../../src/access/index.js';
import { formatTradeBill } from '../../src/reconciliation/index.js';
import { billPath } from '../../src/storage/fs/bill-store.js';
import { DAY, type World } from './authorization-world.js';

export interface Probe {
  readonly node: 'platform' | 'taxNode';
  readonly query: (w: World, caller: Caller) => [string, Record<string, unknown>];
  /** The field whose value decides OK / NULL (or `classify`). */
  readonly field: string;
  /** Names the outcome of an answer without an error (default: NULL or OK). */
  readonly classify?: (value: unknown) => string;
  /**
   * A refusal that is not an error: a caller outside the row gets a narrower answer instead
   * (a MERCHANT asking for the platform-wide run gets its own report; 查验 without a key gets
   * authentic/not without the proof).
   */
  readonly deniedAs?: Partial<Record<Caller, string>>;
}

/** Another tenant acting on the world's resources: what it must get. */
export interface ForeignProbe {
  readonly as: 'merchant' | 'finance' | 'employee' | 'colleague';
  readonly query: (w: World) => [string, Record<string, unknown>];
  readonly field: string;
  /** The code of the refusal, or NULL / EMPTY (a list without the other tenant's rows), or OWN (acts on its own only). */
  readonly expect: string;
  /** Names the outcome of an answer without an error (may ask further: the new key of a registered employee). */
  readonly classify?: (value: unknown, w: World) => string | Promise<string>;
}

const edges = (v: unknown): unknown[] => ((v as { edges: unknown[] } | null)?.edges ?? []);
const emptyList = (v: unknown): string => (edges(v).length === 0 ? 'EMPTY' : 'OK');
const indexOf = (c: Caller): number => CALLERS.indexOf(c);

const OTHER_BILL = formatTradeBill([{ time: `${DAY} 11:00:00`, paymentId: 'y', status: 'SUCCESS', amount: 200 }]);
const CLAIM = 'mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }';
const VERIFY = 'query($n: String!, $d: Date!, $a: Money!) { verifyInvoice(number: $n, issueDate: $d, totalAmount: $a) { authentic reason } }';
// full answers name why a number is not authentic (UNKNOWN / MISMATCH); the public answer only says NOT_AUTHENTIC
const verifyDepth = (v: unknown): string => ((v as { reason: string | null }).reason === 'NOT_AUTHENTIC' ? 'LIMITED' : 'OK');

export const PROBES: { readonly [A in Action]: Probe } = {
  'merchant:register': {
    node: 'platform', field: 'registerMerchant',
    query: () => ['mutation { registerMerchant(input: { name: "新商户", taxpayerId: "91440300MA5DEM012D", region: "440300", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { apiKey } }', {}],
  },
  'merchant:read': { node: 'platform', field: 'merchant', query: (w) => ['query($m: ID) { merchant(id: $m) { id } }', { m: w.merchantId }] },
  'merchant:rotateWebhookSecret': { node: 'platform', field: 'rotateWebhookSecret', query: (w) => ['mutation($m: ID) { rotateWebhookSecret(merchantId: $m) { previousValidUntil } }', { m: w.merchantId }] },
  // autoReverse: false is the world merchant's setting already, so the probe changes nothing later probes see
  'merchant:update': { node: 'platform', field: 'updateMerchant', query: (w) => ['mutation($m: ID) { updateMerchant(merchantId: $m, input: { autoReverse: false }) { id } }', { m: w.merchantId }] },
  'taxCode:read': { node: 'platform', field: 'taxCodes', query: (w) => ['query($m: ID) { taxCodes(merchantId: $m) { code } }', { m: w.merchantId }] },
  'taxCode:manage': {
    node: 'platform', field: 'upsertTaxCode',
    query: (w) => ['mutation($m: ID) { upsertTaxCode(merchantId: $m, input: { code: "1090101010000000000", goodsName: "探针", rate: RATE_13 }) { code } }', { m: w.merchantId }],
  },
  'provider:read': { node: 'platform', field: 'providerSettings', query: (w) => ['query($m: ID) { providerSettings(merchantId: $m) { merchantId } }', { m: w.merchantId }] },
  'provider:configure': {
    node: 'platform', field: 'setAlipaySettings',
    query: (w) => ['mutation($m: ID) { setAlipaySettings(merchantId: $m, input: { appId: "not-an-app-id", sellerId: "2088", publicKey: "x" }) { appId } }', { m: w.merchantId }],
  },
  'notification:read': { node: 'platform', field: 'notificationEndpoint', query: (w) => ['query($m: ID) { notificationEndpoint(merchantId: $m) { url } }', { m: w.merchantId }] },
  // an allowed caller meets NOTIFICATION.BAD_URL after the scope check
  'notification:configure': {
    node: 'platform', field: 'setNotificationEndpoint',
    query: (w) => ['mutation($m: ID) { setNotificationEndpoint(merchantId: $m, url: "ftp://example.com/events") { url } }', { m: w.merchantId }],
  },
  'notification:redeliver': { node: 'platform', field: 'redeliverNotification', query: (w) => ['mutation($id: ID!) { redeliverNotification(eventId: $id) { status } }', { id: w.notificationEvent }] },
  'payment:read': { node: 'platform', field: 'payment', query: (w) => ['query($id: ID!) { payment(id: $id) { id } }', { id: w.payment }] },
  'payment:list': { node: 'platform', field: 'payments', query: () => ['{ payments { edges { node { id } } } }', {}] },
  'invoice:read': { node: 'platform', field: 'invoice', query: (w) => ['query($id: ID!) { invoice(id: $id) { id } }', { id: w.invoice.id }] },
  'invoice:list': { node: 'platform', field: 'invoices', query: () => ['{ invoices { edges { node { id } } } }', {}] },
  'invoice:readByApplyToken': { node: 'platform', field: 'invoiceByApplyToken', query: (w) => ['query($t: String!) { invoiceByApplyToken(token: $t) { id } }', { t: w.applyToken }] },
  'invoice:applyWithToken': {
    node: 'platform', field: 'applyForInvoice',
    query: (w, c) => ['mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "丁" } }) { id } }', { t: w.unusedApplyTokens[indexOf(c)] }],
  },
  'invoice:apply': {
    node: 'platform', field: 'applyForInvoice',
    query: (w) => ['mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "戊" } }) { id } }', { p: w.freshPayment }],
  },
  'invoice:issue': { node: 'platform', field: 'issueInvoice', query: (w) => ['mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: w.application }] },
  'invoice:reverse': { node: 'platform', field: 'reverseInvoice', query: (w) => ['mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { pendingConfirmation } }', { id: w.toReverse.id }] },
  // nothing is pending on it, so the allowed caller meets INVOICE.NO_PENDING_REVERSAL after the scope check
  'invoice:confirmReversal': { node: 'platform', field: 'confirmReversal', query: (w) => ['mutation($id: ID!) { confirmReversal(invoiceId: $id) { pendingConfirmation } }', { id: w.titledToBuyer.id }] },
  'invoice:listPendingReversals': { node: 'platform', field: 'pendingReversals', query: () => ['{ pendingReversals { invoice { id } } }', {}] },
  'ledger:readHead': { node: 'platform', field: 'ledgerHead', query: () => ['{ ledgerHead { size } }', {}] },
  'ledger:read': { node: 'platform', field: 'ledgerEntry', query: () => ['{ ledgerEntry(index: 0) { data } }', {}] },
  'ledger:prove': { node: 'platform', field: 'consistencyProof', query: () => ['{ consistencyProof(size1: 1, size2: 3) { root2 } }', {}] },
  'reimbursement:registerEmployee': { node: 'platform', field: 'registerEmployee', query: () => ['mutation { registerEmployee(name: "新员工") { employeeId } }', {}] },
  'reimbursement:claim': { node: 'platform', field: 'claimReimbursement', query: (w) => [CLAIM, { n: w.toClaim.number, d: w.toClaim.issueDate, a: w.toClaim.gross }] },
  'reimbursement:approve': { node: 'platform', field: 'approveReimbursements', query: (w) => ['mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { id } }', { ids: [w.claimToApprove] }] },
  'reimbursement:reject': { node: 'platform', field: 'rejectReimbursement', query: (w) => ['mutation($id: ID!) { rejectReimbursement(claimId: $id, reason: "重复报销") { id } }', { id: w.claimToReject }] },
  'reimbursement:listOwn': { node: 'platform', field: 'myClaims', query: () => ['{ myClaims { edges { node { id } } } }', {}] },
  'reimbursement:listCompany': { node: 'platform', field: 'companyClaims', query: () => ['{ companyClaims { edges { node { id } } } }', {}] },
  'taxReport:read': { node: 'platform', field: 'taxReport', query: (w) => ['query($id: ID!) { taxReport(id: $id) { id } }', { id: w.taxReport }] },
  'taxReport:list': { node: 'platform', field: 'taxReports', query: () => ['{ taxReports { edges { node { id } } } }', {}] },
  'taxReport:file': { node: 'platform', field: 'fileTaxReport', query: () => ['mutation { fileTaxReport(period: "2026-11", correction: true) { id } }', {}] },
  'reconciliation:read': { node: 'platform', field: 'reconciliationReport', query: (w) => ['query($id: ID!) { reconciliationReport(id: $id) { id } }', { id: w.reconciliationReport }] },
  'reconciliation:run:merchant': {
    node: 'platform', field: 'runReconciliation',
    query: (w) => ['mutation($d: Date!, $m: ID) { runReconciliation(date: $d, merchantId: $m) { reports { merchantId } } }', { d: '2026-11-21', m: w.merchantId }],
  },
  'reconciliation:run:platform': {
    node: 'platform', field: 'runReconciliation',
    query: () => ['mutation($d: Date!) { runReconciliation(date: $d) { reports { merchantId } } }', { d: '2026-11-21' }],
    classify: (v) => ((v as { reports: Array<{ merchantId: string | null }> }).reports.some((r) => r.merchantId === null) ? 'OK' : 'OWN_ONLY'),
    deniedAs: { MERCHANT: 'OWN_ONLY' },
  },
  'reconciliation:uploadBill': { node: 'platform', field: 'uploadTradeBill', query: (w) => ['mutation($c: String!) { uploadTradeBill(date: "2026-11-21", content: $c) }', { c: w.bill }] },
  'taxNode:verifyInvoice': { node: 'taxNode', field: 'verifyInvoice', query: (w) => [VERIFY, { n: w.invoice.number, d: w.invoice.issueDate, a: w.invoice.gross }] },
  'taxNode:verifyInvoice:full': {
    node: 'taxNode', field: 'verifyInvoice', classify: verifyDepth, deniedAs: { ANONYMOUS: 'LIMITED' },
    query: (w) => [VERIFY, { n: w.invoice.number, d: w.invoice.issueDate, a: w.invoice.gross }],
  },
  'taxNode:ledgers': { node: 'taxNode', field: 'ledgers', query: () => ['{ ledgers { origin size } }', {}] },
  'taxNode:blocks': { node: 'taxNode', field: 'blocks', query: (w) => ['query($o: String!) { blocks(origin: $o) { edges { node { size } } } }', { o: w.origin }] },
  'taxNode:entries': { node: 'taxNode', field: 'entries', query: (w) => ['query($o: String!) { entries(origin: $o) { edges { node { index } } } }', { o: w.origin }] },
  'taxNode:taxpayerSummary': { node: 'taxNode', field: 'taxpayerSummary', query: () => ['{ taxpayerSummary(taxpayerId: "91440300MA5DEM012D", period: "2026-11") { totalNet } }', {}] },
  'taxNode:verifyTaxReport': { node: 'taxNode', field: 'verifyTaxReport', query: (w) => ['query($id: ID!) { verifyTaxReport(reportId: $id) { match } }', { id: w.taxReport }] },
  'taxNode:alerts': { node: 'taxNode', field: 'alerts', query: () => ['{ alerts { edges { node { id } } } }', {}] },
  'apiKey:create': { node: 'taxNode', field: 'createApiKey', query: () => ['mutation { createApiKey(role: TAX_AUTHORITY, label: "new") { id } }', {}] },
};

/**
 * Per action that confines some caller to its own merchant, employer or person: the other
 * tenant asking for this tenant's resource. Keyed by action, so the matrix test can require
 * one for every such row of the table.
 */
export const FOREIGN_PROBES: Partial<Record<Action, ForeignProbe>> = {
  'merchant:read': { as: 'merchant', field: 'merchant', expect: 'NULL', query: (w) => ['query($m: ID) { merchant(id: $m) { id } }', { m: w.merchantId }] },
  'merchant:rotateWebhookSecret': { as: 'merchant', field: 'rotateWebhookSecret', expect: 'NOT_FOUND', query: (w) => ['mutation($m: ID) { rotateWebhookSecret(merchantId: $m) { previousValidUntil } }', { m: w.merchantId }] },
  'taxCode:read': { as: 'merchant', field: 'taxCodes', expect: 'NOT_FOUND', query: (w) => ['query($m: ID) { taxCodes(merchantId: $m) { code } }', { m: w.merchantId }] },
  'taxCode:manage': {
    as: 'merchant', field: 'upsertTaxCode', expect: 'NOT_FOUND',
    query: (w) => ['mutation($m: ID) { upsertTaxCode(merchantId: $m, input: { code: "1090101010000000000", goodsName: "外人", rate: RATE_13 }) { code } }', { m: w.merchantId }],
  },
  'merchant:update': { as: 'merchant', field: 'updateMerchant', expect: 'NOT_FOUND', query: (w) => ['mutation($m: ID) { updateMerchant(merchantId: $m, input: { autoIssue: true }) { id } }', { m: w.merchantId }] },
  'provider:read': { as: 'merchant', field: 'providerSettings', expect: 'NOT_FOUND', query: (w) => ['query($m: ID) { providerSettings(merchantId: $m) { merchantId } }', { m: w.merchantId }] },
  'provider:configure': {
    as: 'merchant', field: 'setAlipaySettings', expect: 'NOT_FOUND',
    query: (w) => ['mutation($m: ID) { setAlipaySettings(merchantId: $m, input: { appId: "2021000000000000", sellerId: "2088000000000000", publicKey: "x" }) { appId } }', { m: w.merchantId }],
  },
  'notification:read': { as: 'merchant', field: 'notificationEndpoint', expect: 'NOT_FOUND', query: (w) => ['query($m: ID) { notificationEndpoint(merchantId: $m) { url } }', { m: w.merchantId }] },
  'notification:configure': {
    as: 'merchant', field: 'setNotificationEndpoint', expect: 'NOT_FOUND',
    query: (w) => ['mutation($m: ID) { setNotificationEndpoint(merchantId: $m, url: "https://attacker.example/events") { url } }', { m: w.merchantId }],
  },
  'notification:redeliver': { as: 'merchant', field: 'redeliverNotification', expect: 'NOT_FOUND', query: (w) => ['mutation($id: ID!) { redeliverNotification(eventId: $id) { status } }', { id: w.notificationEvent }] },
  'payment:read': { as: 'merchant', field: 'payment', expect: 'NULL', query: (w) => ['query($id: ID!) { payment(id: $id) { id } }', { id: w.payment }] },
  'payment:list': { as: 'merchant', field: 'payments', expect: 'EMPTY', classify: emptyList, query: () => ['{ payments { edges { node { id } } } }', {}] },
  'invoice:read': { as: 'merchant', field: 'invoiceByNumber', expect: 'NULL', query: (w) => ['query($n: String!) { invoiceByNumber(number: $n) { id } }', { n: w.invoice.number }] },
  'invoice:list': { as: 'merchant', field: 'invoices', expect: 'EMPTY', classify: emptyList, query: () => ['{ invoices { edges { node { id } } } }', {}] },
  'invoice:apply': {
    as: 'merchant', field: 'applyForInvoice', expect: 'NOT_FOUND',
    query: (w) => ['mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "己" } }) { id } }', { p: w.payment }],
  },
  'invoice:issue': { as: 'merchant', field: 'issueInvoice', expect: 'NOT_FOUND', query: (w) => ['mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: w.invoice.id }] },
  'invoice:reverse': { as: 'merchant', field: 'reverseInvoice', expect: 'NOT_FOUND', query: (w) => ['mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: ISSUE_ERROR) { pendingConfirmation } }', { id: w.invoice.id }] },
  'invoice:confirmReversal': { as: 'finance', field: 'confirmReversal', expect: 'NOT_FOUND', query: (w) => ['mutation($id: ID!) { confirmReversal(invoiceId: $id) { pendingConfirmation } }', { id: w.titledToBuyer.id }] },
  'invoice:listPendingReversals': {
    as: 'merchant', field: 'pendingReversals', expect: 'EMPTY', classify: (v) => ((v as unknown[]).length === 0 ? 'EMPTY' : 'OK'),
    query: () => ['{ pendingReversals { invoice { id } } }', {}],
  },
  'ledger:read': { as: 'merchant', field: 'ledgerEntry', expect: 'NULL', query: () => ['{ ledgerEntry(index: 0) { data } }', {}] },
  // the other company's finance registers an employee of its own company: that key cannot claim this company's invoice
  'reimbursement:registerEmployee': {
    as: 'finance', field: 'registerEmployee', expect: 'NOT_FOUND',
    query: () => ['mutation { registerEmployee(name: "外司员工") { apiKey } }', {}],
    async classify(v, w) {
      const key = (v as { apiKey: string }).apiKey;
      const r = await w.gql(CLAIM, { n: w.titledToBuyer.number, d: w.titledToBuyer.issueDate, a: w.titledToBuyer.gross }, key);
      return r.errors?.[0]?.extensions?.code ?? 'OK';
    },
  },
  'reimbursement:claim': { as: 'employee', field: 'claimReimbursement', expect: 'NOT_FOUND', query: (w) => [CLAIM, { n: w.titledToBuyer.number, d: w.titledToBuyer.issueDate, a: w.titledToBuyer.gross }] },
  'reimbursement:approve': { as: 'finance', field: 'approveReimbursements', expect: 'NOT_FOUND', query: (w) => ['mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { id } }', { ids: [w.claimToApprove] }] },
  'reimbursement:reject': { as: 'finance', field: 'rejectReimbursement', expect: 'NOT_FOUND', query: (w) => ['mutation($id: ID!) { rejectReimbursement(claimId: $id, reason: "不是我们的") { id } }', { id: w.claimToReject }] },
  'reimbursement:listOwn': { as: 'colleague', field: 'myClaims', expect: 'EMPTY', classify: emptyList, query: () => ['{ myClaims { edges { node { id } } } }', {}] },
  'reimbursement:listCompany': { as: 'finance', field: 'companyClaims', expect: 'EMPTY', classify: emptyList, query: () => ['{ companyClaims { edges { node { id } } } }', {}] },
  'taxReport:read': { as: 'merchant', field: 'taxReport', expect: 'NULL', query: (w) => ['query($id: ID!) { taxReport(id: $id) { id } }', { id: w.taxReport }] },
  'taxReport:list': { as: 'merchant', field: 'taxReports', expect: 'EMPTY', classify: emptyList, query: () => ['{ taxReports { edges { node { id } } } }', {}] },
  // merchant B has filed nothing: a correction of "its" 2026-11 finds nothing to correct, whatever A filed
  'taxReport:file': { as: 'merchant', field: 'fileTaxReport', expect: 'INVALID_STATE', query: () => ['mutation { fileTaxReport(period: "2026-11", correction: true) { id } }', {}] },
  'reconciliation:read': { as: 'merchant', field: 'reconciliationReport', expect: 'NULL', query: (w) => ['query($id: ID!) { reconciliationReport(id: $id) { id } }', { id: w.reconciliationReport }] },
  'reconciliation:run:merchant': {
    as: 'merchant', field: 'runReconciliation', expect: 'NOT_FOUND',
    query: (w) => ['mutation($d: Date!, $m: ID) { runReconciliation(date: $d, merchantId: $m) { held } }', { d: '2026-11-21', m: w.merchantId }],
  },
  // the bill lands under the uploader's own merchant, never another's
  'reconciliation:uploadBill': {
    as: 'merchant', field: 'uploadTradeBill', expect: 'OWN',
    query: () => ['mutation($c: String!) { uploadTradeBill(date: "2026-11-21", content: $c) }', { c: OTHER_BILL }],
    classify: (_, w) => {
      const own = readFileSync(billPath(w.p.billsDir, w.others.merchantId, DAY), 'utf8');
      return own === OTHER_BILL && !existsSync(billPath(w.p.billsDir, w.merchantId, DAY)) ? 'OWN' : 'LEAKED';
    },
  },
};
