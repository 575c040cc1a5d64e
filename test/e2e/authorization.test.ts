// Every role against every operation, and merchant A against merchant B's data: nothing
// leaks, and each refusal carries the right code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_NAMES, CALLERS, createApiKey, scopeFor, type Action } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY, ADMIN_KEY, type GqlResult, type TestPlatform } from '../support/platform-harness.js';
import { FOREIGN_PROBES, PROBES } from '../support/action-probes.js';
import { authorizationWorld } from '../support/authorization-world.js';

type Outcome = 'OK' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'NULL';

interface World {
  p: TestPlatform;
  keys: Record<'ADMIN' | 'MERCHANT' | 'OTHER_MERCHANT' | 'EMPLOYEE' | 'FINANCE' | 'TAX_AUTHORITY' | 'ANONYMOUS', string | null>;
  paymentId: string;
  invoiceId: string;
  number: string;
  otherMerchantId: string;
}

async function world(): Promise<World> {
  const p = await startTestPlatform();
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string } }>(
    'mutation { registerMerchant(input: { name: "B 商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey } }',
    {}, ADMIN_KEY,
  );
  const deps = { keys: p.platform.keys, ids: randomIds, clock: p.clock };
  const employee = createApiKey(deps, { role: 'EMPLOYEE', employerId: '91440300MA5BUYER26', personId: 'e1', label: 'employee' }).key;
  const finance = createApiKey(deps, { role: 'FINANCE', employerId: '91440300MA5BUYER26', label: 'finance' }).key;
  const hook = await p.webhook(paymentEvent(p.clock));
  const { paymentId, applyToken } = hook.body as { paymentId: string; applyToken: string };
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: applyToken });
  const invoiceId = applied.data?.applyForInvoice.id as string;
  const issued = await p.gql<{ issueInvoice: { number: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id: invoiceId }, DEMO_MERCHANT.apiKey);
  p.platform.ledger.seal();
  return {
    p, paymentId, invoiceId, number: issued.data?.issueInvoice.number as string, otherMerchantId: reg.data?.registerMerchant.merchant.id as string,
    keys: {
      ADMIN: ADMIN_KEY, MERCHANT: DEMO_MERCHANT.apiKey, OTHER_MERCHANT: reg.data?.registerMerchant.apiKey as string,
      EMPLOYEE: employee, FINANCE: finance, TAX_AUTHORITY: DEMO_TAX_AUTHORITY_KEY, ANONYMOUS: null,
    },
  };
}

interface Operation {
  name: string;
  query: (w: World) => [string, Record<string, unknown>];
  /** The field whose value is checked for NULL outcomes. */
  field: string;
  expect: Record<keyof World['keys'], Outcome>;
}

const U = 'UNAUTHENTICATED' as const;
const F = 'FORBIDDEN' as const;
const operations: Operation[] = [
  {
    name: 'payment(id)', field: 'payment',
    query: (w) => ['query($id: ID!) { payment(id: $id) { id amount } }', { id: w.paymentId }],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NULL', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'payments', field: 'payments',
    query: () => ['{ payments { edges { node { id } } } }', {}],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'OK', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'invoice(id)', field: 'invoice',
    query: (w) => ['query($id: ID!) { invoice(id: $id) { id gross } }', { id: w.invoiceId }],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NULL', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'invoiceByNumber', field: 'invoiceByNumber',
    query: (w) => ['query($n: String!) { invoiceByNumber(number: $n) { id } }', { n: w.number }],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NULL', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'invoices', field: 'invoices',
    query: () => ['{ invoices { edges { node { id } } } }', {}],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'OK', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'issueInvoice', field: 'issueInvoice',
    query: (w) => ['mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: w.invoiceId }],
    // the merchant's own (already issued) invoice is INVALID_STATE, checked separately
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NOT_FOUND', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: F, ANONYMOUS: U },
  },
  {
    name: 'applyForInvoice(paymentId)', field: 'applyForInvoice',
    query: (w) => ['mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "乙" } }) { id } }', { p: w.paymentId }],
    // the merchant's own payment already has an application: CONFLICT, checked separately
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NOT_FOUND', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: F, ANONYMOUS: U },
  },
  {
    name: 'registerMerchant', field: 'registerMerchant',
    query: () => ['mutation { registerMerchant(input: { name: "X", taxpayerId: "91440300MA5DEM012D", region: "440300", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { apiKey } }', {}],
    expect: { ADMIN: 'OK', MERCHANT: F, OTHER_MERCHANT: F, EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: F, ANONYMOUS: U },
  },
  {
    name: 'rotateWebhookSecret(other merchant)', field: 'rotateWebhookSecret',
    query: (w) => ['mutation($m: ID) { rotateWebhookSecret(merchantId: $m) { webhookSecret } }', { m: w.otherMerchantId }],
    expect: { ADMIN: 'OK', MERCHANT: 'NOT_FOUND', OTHER_MERCHANT: 'OK', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: F, ANONYMOUS: U },
  },
  {
    name: 'merchant(other)', field: 'merchant',
    query: (w) => ['query($m: ID) { merchant(id: $m) { id } }', { m: w.otherMerchantId }],
    expect: { ADMIN: 'OK', MERCHANT: 'NULL', OTHER_MERCHANT: 'OK', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'ledgerHead', field: 'ledgerHead',
    query: () => ['{ ledgerHead { size root } }', {}],
    expect: { ADMIN: 'OK', MERCHANT: 'OK', OTHER_MERCHANT: 'OK', EMPLOYEE: 'OK', FINANCE: 'OK', TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'ledgerEntry(the demo merchant\'s payment)', field: 'ledgerEntry',
    query: () => ['{ ledgerEntry(index: 0) { data } }', {}],
    expect: { ADMIN: F, MERCHANT: 'OK', OTHER_MERCHANT: 'NULL', EMPLOYEE: F, FINANCE: F, TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
  {
    name: 'inclusionProof', field: 'inclusionProof',
    query: () => ['{ inclusionProof(index: 0, treeSize: 3) { root } }', {}],
    expect: { ADMIN: 'OK', MERCHANT: 'OK', OTHER_MERCHANT: 'OK', EMPLOYEE: 'OK', FINANCE: 'OK', TAX_AUTHORITY: 'OK', ANONYMOUS: U },
  },
];

test('authorization matrix: every role against every operation', async (t) => {
  const w = await world();
  t.after(() => w.p.close());
  const mismatches: string[] = [];
  for (const op of operations) {
    for (const [role, key] of Object.entries(w.keys) as Array<[keyof World['keys'], string | null]>) {
      const [query, variables] = op.query(w);
      const result = await w.p.gql<Record<string, unknown>>(query, variables, key);
      const code = result.errors?.[0]?.extensions?.code;
      let outcome: Outcome | string;
      if (code) outcome = code;
      else outcome = result.data?.[op.field] === null ? 'NULL' : 'OK';
      const expected = op.expect[role];
      // the demo merchant's own issue/apply hit business rules after passing the scope check
      const businessRefusal = role === 'MERCHANT' && ['INVALID_STATE', 'CONFLICT'].includes(outcome) && expected === 'OK';
      if (outcome !== expected && !businessRefusal) mismatches.push(`${op.name} as ${role}: got ${outcome}, want ${expected}`);
      if (outcome !== 'OK' && outcome !== 'NULL') {
        const message = result.errors?.[0]?.message ?? '';
        assert.doesNotMatch(message, /at .+\.ts:\d+|SQLITE|sqlite|TypeError/u, `${op.name} as ${role} leaked internals: ${message}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
});

test('merchant B sees none of merchant A\'s payments or invoices in lists', async (t) => {
  const w = await world();
  t.after(() => w.p.close());
  const lists = await w.p.gql<{ payments: { edges: unknown[] }; invoices: { edges: unknown[] } }>(
    '{ payments { edges { node { id } } } invoices { edges { node { id } } } }', {}, w.keys.OTHER_MERCHANT,
  );
  assert.deepEqual(lists.data, { payments: { edges: [] }, invoices: { edges: [] } });
  const mine = await w.p.gql<{ payments: { edges: unknown[] } }>('{ payments { edges { node { id } } } }', {}, w.keys.MERCHANT);
  assert.equal(mine.data?.payments.edges.length, 1);
});

test('a revoked key and a malformed Authorization header are UNAUTHENTICATED', async (t) => {
  const w = await world();
  t.after(() => w.p.close());
  const record = createApiKey({ keys: w.p.platform.keys, ids: randomIds, clock: w.p.clock }, { role: 'TAX_AUTHORITY', label: 'to revoke' });
  assert.equal((await w.p.gql('{ ledgerHead { size } }', {}, record.key)).errors, undefined);
  w.p.platform.keys.revoke(record.record.id, w.p.clock.now().toISOString());
  const revoked = await w.p.gql('{ ledgerHead { size } }', {}, record.key);
  assert.equal(revoked.status, 401);
  assert.equal(revoked.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const garbage = await w.p.gql('{ ledgerHead { size } }', {}, 'not a key at all');
  assert.equal(garbage.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
});

// ---- every action of src/access/actions.ts × every caller, driven by the table itself ----

/** What an answer amounts to: the error's code, or the probe's reading of the value (NULL / OK by default). */
function outcomeOf(result: GqlResult<Record<string, unknown>>, field: string, classify?: (value: unknown) => string): string {
  const code = result.errors?.[0]?.extensions?.code;
  if (code) return code;
  const value = result.data?.[field];
  if (value === null || value === undefined) return 'NULL';
  return classify ? classify(value) : 'OK';
}

test('the matrix has a probe for every action of the table and for nothing else', () => {
  assert.deepEqual(Object.keys(PROBES).sort(), [...ACTION_NAMES].sort());
  // every action that confines a caller to its own merchant, employer or person is tried by another tenant
  const confining = ACTION_NAMES.filter((a) => CALLERS.some((c) => ['ownMerchant', 'ownEmployer', 'ownPerson'].includes(scopeFor(a, c) ?? '')));
  assert.deepEqual(Object.keys(FOREIGN_PROBES).sort(), confining.sort());
});

test('authorization matrix from the actions table: every action × every caller, over HTTP', async (t) => {
  const w = await authorizationWorld();
  t.after(() => w.close());
  const mismatches: string[] = [];
  let asked = 0;
  for (const action of ACTION_NAMES) {
    const probe = PROBES[action];
    for (const caller of CALLERS) {
      const [query, variables] = probe.query(w, caller);
      const result = probe.node === 'platform'
        ? await w.gql(query, variables, w.keys[caller])
        : await w.taxNodeGql(query, variables, w.taxNodeKeys[caller]);
      asked += 1;
      const outcome = outcomeOf(result, probe.field, probe.classify);
      const denial = probe.deniedAs?.[caller] ?? (caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      if (scopeFor(action, caller) !== null) {
        // allowed: whatever the business rules say next, never a refusal of who is asking
        const refusals = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL_SERVER_ERROR', ...Object.values(probe.deniedAs ?? {})]);
        if (refusals.has(outcome)) mismatches.push(`${action} as ${caller}: allowed, got ${outcome} (${result.errors?.[0]?.message ?? ''})`);
      } else if (outcome !== denial) {
        mismatches.push(`${action} as ${caller}: denied, want ${denial}, got ${outcome}`);
      }
      if (result.errors?.[0]?.extensions?.code === 'FORBIDDEN' || result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') {
        const detail = result.errors[0].extensions.detail;
        if (detail !== 'ACCESS.FORBIDDEN' && detail !== 'ACCESS.UNAUTHENTICATED') mismatches.push(`${action} as ${caller}: denial detail ${String(detail)}`);
      }
    }
  }
  assert.equal(asked, ACTION_NAMES.length * CALLERS.length);
  assert.deepEqual(mismatches, []);
});

test('tenant scope: another merchant, company or employee reaches none of this tenant\'s resources', async (t) => {
  const w = await authorizationWorld();
  t.after(() => w.close());
  const mismatches: string[] = [];
  for (const [action, probe] of Object.entries(FOREIGN_PROBES) as Array<[Action, NonNullable<(typeof FOREIGN_PROBES)[Action]>]>) {
    const key = w.others[probe.as];
    const [query, variables] = probe.query(w);
    const result = await w.gql(query, variables, key);
    const code = result.errors?.[0]?.extensions?.code;
    const value = result.data?.[probe.field];
    const outcome = code ?? (value === null || value === undefined ? 'NULL' : probe.classify ? await probe.classify(value, w) : 'OK');
    if (outcome !== probe.expect) mismatches.push(`${action} as the other ${probe.as}: want ${probe.expect}, got ${outcome} (${result.errors?.[0]?.message ?? ''})`);
  }
  assert.deepEqual(mismatches, []);
});
