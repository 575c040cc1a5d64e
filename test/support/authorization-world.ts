// A platform and a tax node with something of everything for the authorization matrix
// (test/e2e/authorization.test.ts): two merchants, two buyer companies, invoices in every
// state the probes need, claims, a tax report, a reconciliation report and a trade bill; one
// API key per caller on each node, plus the other tenant's keys. Every request is real HTTP
// (supertest) against the apps the binaries serve.
import { pino } from 'pino';
import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey, type Caller } from '../../src/access/index.js';
import { formatTradeBill } from '../../src/reconciliation/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { createTaxNodeApp } from '../../src/tax-node/app.js';
import { loadTaxNodeConfig } from '../../src/tax-node/config.js';
import { openTaxNode } from '../../src/tax-node/node.js';
import { ManualClock } from './ledger-fixture.js';
import { ADMIN_KEY, DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY, paymentEvent, startTestPlatform, type GqlResult, type TestPlatform } from './platform-harness.js';

export const BUYER = '91440300MA5BUYER26';
export const OTHER_COMPANY = '91310000MA1OTHER0X';
export const DAY = '2026-11-21';

export interface IssuedInvoice { id: string; number: string; issueDate: string; gross: string }

export interface World {
  readonly p: TestPlatform;
  /** One key per caller on the platform (null: no key). */
  readonly keys: Record<Caller, string | null>;
  /** One key per caller on the tax node. */
  readonly taxNodeKeys: Record<Caller, string | null>;
  /** The other tenant of each kind: merchant B, a finance and an employee of another company. */
  readonly others: { merchant: string; merchantId: string; finance: string; employee: string; colleague: string };
  readonly merchantId: string;
  readonly payment: string;
  readonly freshPayment: string;
  readonly applyToken: string;
  readonly unusedApplyTokens: string[];
  readonly application: string;
  readonly invoice: IssuedInvoice;
  readonly toReverse: IssuedInvoice;
  readonly titledToBuyer: IssuedInvoice;
  readonly toClaim: IssuedInvoice;
  readonly claimToApprove: string;
  readonly claimToReject: string;
  readonly taxReport: string;
  readonly reconciliationReport: string;
  /** An outbox event of the world's merchant (its endpoint is registered; no dispatcher runs). */
  readonly notificationEvent: string;
  readonly bill: string;
  readonly origin: string;
  gql(query: string, variables: Record<string, unknown>, key: string | null): Promise<GqlResult<Record<string, unknown>>>;
  taxNodeGql(query: string, variables: Record<string, unknown>, key: string | null): Promise<GqlResult<Record<string, unknown>>>;
  close(): Promise<void>;
}

async function ok<T>(result: Promise<GqlResult<T>>): Promise<T> {
  const r = await result;
  if (r.errors || r.data === null) throw new Error(`world set-up failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

export async function authorizationWorld(): Promise<World> {
  const p = await startTestPlatform();
  const gql = (query: string, variables: Record<string, unknown>, key: string | null) => p.gql<Record<string, unknown>>(query, variables, key);
  const keyDeps = { keys: p.platform.keys, ids: randomIds, clock: p.clock };
  const key = (input: Parameters<typeof createApiKey>[1]): string => createApiKey(keyDeps, input).key;

  const b = (await ok(p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string } }>(
    'mutation { registerMerchant(input: { name: "B 商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey } }',
    {}, ADMIN_KEY,
  ))).registerMerchant;
  const employee = key({ role: 'EMPLOYEE', employerId: BUYER, personId: 'e1', label: 'employee' });
  const finance = key({ role: 'FINANCE', employerId: BUYER, label: 'finance' });

  const pay = async (): Promise<{ paymentId: string; applyToken: string }> => (await p.webhook(paymentEvent(p.clock))).body as { paymentId: string; applyToken: string };
  const apply = async (token: string, buyer: string): Promise<string> =>
    (await ok(p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: token }))).applyForInvoice.id;
  const issue = async (buyer: string): Promise<IssuedInvoice> => {
    const id = await apply((await pay()).applyToken, buyer);
    return (await ok(p.gql<{ issueInvoice: IssuedInvoice }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id }, DEMO_MERCHANT.apiKey))).issueInvoice;
  };
  const ORG = `{ type: ORGANIZATION, name: "买方公司", taxpayerId: "${BUYER}" }`;
  const claim = async (invoice: IssuedInvoice): Promise<string> =>
    (await ok(p.gql<{ claimReimbursement: { id: string } }>(
      'mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }',
      { n: invoice.number, d: invoice.issueDate, a: invoice.gross }, employee,
    ))).claimReimbursement.id;

  const first = await pay();
  const invoice = await (async () => {
    const id = await apply(first.applyToken, '{ type: INDIVIDUAL, name: "甲" }');
    return (await ok(p.gql<{ issueInvoice: IssuedInvoice }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id }, DEMO_MERCHANT.apiKey))).issueInvoice;
  })();
  const application = await apply((await pay()).applyToken, '{ type: INDIVIDUAL, name: "乙" }');
  const freshPayment = (await pay()).paymentId;
  const unusedApplyTokens = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => (await pay()).applyToken));
  const toReverse = await issue('{ type: INDIVIDUAL, name: "丙" }');
  const titledToBuyer = await issue(ORG);
  const toClaim = await issue(ORG);
  const claimToApprove = await claim(await issue(ORG));
  const claimToReject = await claim(await issue(ORG));
  const taxReport = (await ok(p.gql<{ fileTaxReport: { id: string } }>('mutation { fileTaxReport(period: "2026-11") { id } }', {}, DEMO_MERCHANT.apiKey))).fileTaxReport.id;
  const run = (await ok(p.gql<{ runReconciliation: { reports: Array<{ id: string }> } }>('mutation($d: Date!) { runReconciliation(date: $d) { reports { id } } }', { d: DAY }, DEMO_MERCHANT.apiKey))).runReconciliation;
  p.platform.ledger.seal();
  p.platform.uow.run(() => p.platform.outbox.endpoints.put({ merchantId: DEMO_MERCHANT.id, url: 'http://127.0.0.1:9/events', secret: 'whsec_world', updatedAt: p.clock.now().toISOString() }));
  p.platform.uow.run(() => p.platform.outbox.writer.append({ merchantId: DEMO_MERCHANT.id, type: 'invoice.issued', data: { invoiceId: invoice.id } }));
  const notificationEvent = p.platform.outbox.events.page({ merchantId: DEMO_MERCHANT.id }, 0, 1)[0]?.id as string;

  // the tax node, with a key of every role (the MERCHANT, EMPLOYEE and FINANCE ones only to be refused)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-authz-tax-'));
  const node = openTaxNode({ ...loadTaxNodeConfig({ DATA_DIR: dataDir, PORT: '0' }) }, { clock: new ManualClock(), ids: randomIds });
  const { app: taxApp, stop: stopTax } = await createTaxNodeApp(node, pino({ level: 'silent' }));
  const nodeKey = (input: Parameters<typeof createApiKey>[1]): string => createApiKey({ keys: node.keys, ids: randomIds, clock: node.clock }, input).key;
  const taxNodeKeys: Record<Caller, string | null> = {
    ADMIN: nodeKey({ role: 'ADMIN', label: 'admin' }),
    MERCHANT: nodeKey({ role: 'MERCHANT', merchantId: DEMO_MERCHANT.id, label: 'merchant' }),
    EMPLOYEE: nodeKey({ role: 'EMPLOYEE', employerId: BUYER, personId: 'e1', label: 'employee' }),
    FINANCE: nodeKey({ role: 'FINANCE', employerId: BUYER, label: 'finance' }),
    TAX_AUTHORITY: nodeKey({ role: 'TAX_AUTHORITY', label: 'authority' }),
    ANONYMOUS: null,
  };

  return {
    p, merchantId: DEMO_MERCHANT.id, payment: first.paymentId, freshPayment, applyToken: first.applyToken, unusedApplyTokens, application, invoice, toReverse,
    titledToBuyer, toClaim, claimToApprove, claimToReject, taxReport, reconciliationReport: run.reports[0]?.id as string, notificationEvent,
    bill: formatTradeBill([{ time: `${DAY} 10:00:00`, paymentId: 'x', status: 'SUCCESS', amount: 100 }]),
    origin: [...node.followed.keys()][0] ?? 'platform-ledger',
    keys: { ADMIN: ADMIN_KEY, MERCHANT: DEMO_MERCHANT.apiKey, EMPLOYEE: employee, FINANCE: finance, TAX_AUTHORITY: DEMO_TAX_AUTHORITY_KEY, ANONYMOUS: null },
    taxNodeKeys,
    others: {
      merchant: b.apiKey, merchantId: b.merchant.id,
      finance: key({ role: 'FINANCE', employerId: OTHER_COMPANY, label: 'other finance' }),
      employee: key({ role: 'EMPLOYEE', employerId: OTHER_COMPANY, personId: 'x1', label: 'other employee' }),
      colleague: key({ role: 'EMPLOYEE', employerId: BUYER, personId: 'e2', label: 'colleague' }),
    },
    gql,
    async taxNodeGql(query, variables, k) {
      const req = request(taxApp).post('/graphql').set('Content-Type', 'application/json');
      if (k) req.set('Authorization', `Bearer ${k}`);
      const res = await req.send({ query, variables });
      const body = res.body as { data?: Record<string, unknown> | null; errors?: GqlResult<never>['errors'] };
      return { status: res.status, data: body.data ?? null, errors: body.errors };
    },
    async close() {
      await stopTax();
      node.close();
      rmSync(dataDir, { recursive: true, force: true });
      await p.close();
    },
  };
}
