// Issue 10, findings 3 and 12 (their GraphQL part): what one request may ask for. Every
// occurrence of a field counts, whether aliased, in fragments or spread many times.
// - The public 查验: an anonymous request carries at most one verifyInvoice, so the
//   per-request rate limit counts every verification (149 aliases used to count as one).
// - A field that runs a whole job (JOB_FIELDS) appears at most once per request (50 aliased
//   runReconciliation took 9.1 s and made 100 reports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { JOB_FIELDS } from '../../src/graphql/limits.js';
import { ADMIN_KEY, DEMO_MERCHANT } from '../support/platform-harness.js';
import { gqlAt, startPlatformEdge, startTaxNodeEdge, type Answer } from '../support/graphql-edge.js';

const VERIFY = 'verifyInvoice(number: "26440000000000000001", issueDate: "2026-11-20", totalAmount: "128.00") { authentic }';

function refusal(a: Answer): { code?: string; detail?: string; message: string } {
  const e = a.body?.errors?.[0];
  assert.ok(e, `expected an error, got ${a.status} ${a.text.slice(0, 300)}`);
  return { code: e.extensions?.code, detail: e.extensions?.detail, message: e.message };
}

function aliased(count: number, field: string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
}

test('tax node: 149 aliased verifyInvoice without a key are refused before any runs; so are two hidden in fragments', async (t) => {
  const node = await startTaxNodeEdge();
  t.after(() => node.close());

  // with variables 149 aliases fit the 16 KiB text cap, as an attacker would write them
  const many = await gqlAt(node, `query($n: String!, $d: Date!, $a: Money!) { ${aliased(149, 'verifyInvoice(number: $n, issueDate: $d, totalAmount: $a) { authentic }')} }`, {
    variables: { n: '26440000000000000001', d: '2026-11-20', a: '128.00' },
  });
  assert.equal(many.status, 400);
  assert.deepEqual({ ...refusal(many), message: undefined }, { code: 'BAD_USER_INPUT', detail: 'GRAPHQL.ANONYMOUS_FIELD_LIMIT', message: undefined });
  assert.match(refusal(many).message, /without an API key may ask for verifyInvoice once; this one asks 149 times/u);
  assert.equal(many.body?.data, undefined, 'nothing ran');

  const hidden = [
    `query { ...V ...V } fragment V on Query { v: ${VERIFY} }`, // one fragment spread twice
    `query { ... on Query { a: ${VERIFY} } ... on Query { b: ${VERIFY} } }`,
    `query { ...W } fragment W on Query { ...V x: ${VERIFY} } fragment V on Query { v: ${VERIFY} }`,
  ];
  for (const query of hidden) {
    const answer = await gqlAt(node, query);
    assert.equal(answer.status, 400, query);
    assert.equal(refusal(answer).detail, 'GRAPHQL.ANONYMOUS_FIELD_LIMIT', query);
  }

  // one is the public 查验 as it always was
  const one = await gqlAt(node, `query { ${VERIFY} }`);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.body?.data, { verifyInvoice: { authentic: false } });

  // the tax authority, with its key, may verify several at once
  const keyed = await gqlAt(node, `query { ${aliased(3, VERIFY)} }`, { key: node.key });
  assert.equal(keyed.status, 200, keyed.text);
  assert.equal(Object.keys(keyed.body?.data as object).length, 3);
});

test('platform: 50 aliased runReconciliation are refused in well under a second and write no report; one still reaches the job', async (t) => {
  const p = await startPlatformEdge();
  t.after(() => p.close());
  const reports = (): number => p.test.platform.db.prepare('SELECT count(*) FROM reconciliation_reports').pluck().get() as number;

  const fifty = await gqlAt(p, `mutation { ${aliased(50, 'runReconciliation(date: "2026-11-20") { held }')} }`, { key: ADMIN_KEY });
  assert.equal(fifty.status, 400);
  const error = refusal(fifty);
  assert.equal(error.code, 'BAD_USER_INPUT');
  assert.equal(error.detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST');
  assert.match(error.message, /runReconciliation reconciles a whole day and may appear once per request; this operation asks for it 50 times/u);
  assert.ok(fifty.ms < 1000, `${fifty.ms} ms`);
  assert.equal(reports(), 0);

  // the same job through a fragment spread twice
  const spread = await gqlAt(p, 'mutation { ...R ...R } fragment R on Mutation { runReconciliation(date: "2026-11-20") { held } }', { key: ADMIN_KEY });
  assert.equal(refusal(spread).detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST');
  assert.equal(reports(), 0);

  // once is allowed: whatever the job answers, the per-request rule does not stop it
  const once = await gqlAt(p, 'mutation { runReconciliation(date: "2026-11-20") { held } }', { key: ADMIN_KEY });
  assert.notEqual(once.body?.errors?.[0]?.extensions?.detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST', once.text);
});

test('platform: fileTaxReport and uploadTradeBill twice in one request are refused and change nothing', async (t) => {
  const p = await startPlatformEdge();
  t.after(() => p.close());
  const taxReports = (): number => p.test.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get() as number;

  const filed = await gqlAt(p, 'mutation { a: fileTaxReport(period: "2026-10") { id } b: fileTaxReport(period: "2026-09") { id } }', { key: DEMO_MERCHANT.apiKey });
  assert.equal(filed.status, 400);
  assert.equal(refusal(filed).detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST');
  assert.match(refusal(filed).message, /^fileTaxReport /u);
  assert.equal(taxReports(), 0);

  const bill = '\ufeff交易时间,公众账号ID\n';
  const uploads = await gqlAt(p, 'mutation($c: String!) { a: uploadTradeBill(date: "2026-11-19", content: $c) b: uploadTradeBill(date: "2026-11-20", content: $c) }', { key: DEMO_MERCHANT.apiKey, variables: { c: bill } });
  assert.equal(uploads.status, 400);
  assert.equal(refusal(uploads).detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST');
  assert.equal(existsSync(p.test.billsDir) ? readdirSync(p.test.billsDir, { recursive: true }).length : 0, 0);

  // every job field of the table is named in its refusal's message
  assert.deepEqual(Object.keys(JOB_FIELDS).sort(), ['fileTaxReport', 'runReconciliation', 'uploadTradeBill', 'verifyTaxReport']);
});

test('tax node: verifyTaxReport (a report recomputed from the whole copy) runs once per request, even for the tax authority', async (t) => {
  const node = await startTaxNodeEdge();
  t.after(() => node.close());
  const twice = await gqlAt(node, `query { ${aliased(2, 'verifyTaxReport(reportId: "txr_1") { __typename }')} }`, { key: node.key });
  assert.equal(twice.status, 400);
  assert.equal(refusal(twice).detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST');
  const once = await gqlAt(node, 'query { verifyTaxReport(reportId: "txr_1") { __typename } }', { key: node.key });
  assert.notEqual(once.body?.errors?.[0]?.extensions?.detail, 'GRAPHQL.JOB_ONCE_PER_REQUEST', once.text);
});
