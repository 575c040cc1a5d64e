// The projection check compares every column the ledger determines. For each column of
// LEDGER_DETERMINED_COLUMNS (looped over, so a column added there is tested here), a direct
// SQL UPDATE behind the ledger's back is reported by the reconciliation run over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { LEDGER_DETERMINED_COLUMNS, type LedgerDeterminedColumn } from '../../src/storage/sqlite/projection-check.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, ADMIN_KEY, type TestPlatform } from '../support/platform-harness.js';

const DAY = '2026-11-21'; // the harness clock's Beijing day
const BUYER = '91440300MA5BUYER26';
const RUN = 'mutation($d: Date!) { runReconciliation(date: $d) { reports { merchantId differences(first: 100) { edges { node { type ids } } } } } }';

/** Columns deliberately not compared: not on the ledger. */
const NOT_ON_LEDGER: Record<string, readonly string[]> = {
  payments: ['seq', 'id'],
  invoices: ['seq', 'id', 'buyer_email'],
  invoice_lines: ['invoice', 'line_no'],
};

async function pay(p: TestPlatform, options: { merchant?: { id: string; webhookSecret: string }; items?: unknown } = {}): Promise<{ paymentId: string; applyToken: string }> {
  const event = paymentEvent(p.clock, { amount: 9400, ...(options.merchant ? { merchantId: options.merchant.id } : {}), ...(options.items ? { items: options.items } : {}) });
  const hook = await p.webhook(event, options.merchant ? { secret: options.merchant.webhookSecret } : {});
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  return hook.body as { paymentId: string; applyToken: string };
}

async function ok<T>(r: Promise<{ data: T | null; errors?: unknown }>): Promise<T> {
  const done = await r;
  assert.ok(done.data, JSON.stringify(done.errors));
  return done.data;
}

/** Every state a row can be in: two merchants, items, an organization buyer, a claim, a reversal, an application. */
async function world(p: TestPlatform): Promise<void> {
  const b = await ok(p.gql<{ registerMerchant: { merchant: { id: string }; webhookSecret: string } }>(
    'mutation { registerMerchant(input: { name: "B 商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: true, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } webhookSecret } }', {}, ADMIN_KEY,
  ));
  const other = await pay(p, { merchant: { id: b.registerMerchant.merchant.id, webhookSecret: b.registerMerchant.webhookSecret } });
  await ok(p.gql('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "乙" } }) { id } }', { t: other.applyToken }));

  const items = [
    { name: '拿铁 latte', quantity: 2, unitPrice: 3200, taxRate: '6%', taxCode: '3070401000000000000' },
    { name: '蛋糕 cake', quantity: '1.5', unitPrice: 2000, taxRate: '13%', taxCode: '1030201990000000000' },
  ];
  const issue = async (token: string, buyer: string): Promise<{ id: string; number: string; issueDate: string; gross: string }> => {
    const applied = await ok(p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: token }));
    const issued = await ok(p.gql<{ issueInvoice: { id: string; number: string; issueDate: string; gross: string } }>(
      'mutation($id: ID!) { issueInvoice(applicationId: $id) { id number issueDate gross } }', { id: applied.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
    ));
    return issued.issueInvoice;
  };
  const claimed = await issue((await pay(p, { items })).applyToken, `{ type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" }`);
  const finance = createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: BUYER, label: 'finance' }).key;
  const employee = await ok(p.gql<{ registerEmployee: { apiKey: string } }>('mutation { registerEmployee(name: "员工") { apiKey } }', {}, finance));
  await ok(p.gql('mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id } }',
    { n: claimed.number, d: claimed.issueDate, a: claimed.gross }, employee.registerEmployee.apiKey));
  const reversed = await issue((await pay(p)).applyToken, '{ type: INDIVIDUAL, name: "丙" }');
  await ok(p.gql('mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { blue { id } } }', { id: reversed.id }, DEMO_MERCHANT.apiKey));
  await ok(p.gql('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "丁" } }) { id } }', { t: (await pay(p)).applyToken }));
  await pay(p); // a payment with no invoice
}

interface Mismatch { paymentId?: string; invoiceId?: string; field: string }

async function projectionMismatches(p: TestPlatform): Promise<Mismatch[]> {
  const run = await ok(p.gql<{ runReconciliation: { reports: Array<{ merchantId: string | null; differences: { edges: Array<{ node: { type: string; ids: string } }> } }> } }>(RUN, { d: DAY }, ADMIN_KEY));
  const platformWide = run.runReconciliation.reports.find((r) => r.merchantId === null);
  return (platformWide?.differences.edges ?? []).filter((e) => e.node.type === 'PROJECTION_MISMATCH').map((e) => JSON.parse(e.node.ids) as Mismatch);
}

/** Values to try in place of `original`, most obviously wrong first; the schema refuses some. */
function candidates(p: TestPlatform, c: LedgerDeterminedColumn, original: unknown): unknown[] {
  const others = p.platform.db.prepare(`SELECT DISTINCT ${c.column} FROM ${c.table} WHERE ${c.column} IS NOT ?`).pluck().all(original);
  const changed = typeof original === 'number' ? [original + 1, original - 1] : typeof original === 'string' ? [`${original}x`, original.slice(0, -1)] : ['x', 1];
  return [...changed, null, ...others].filter((v) => v !== original);
}

test('the check names every column of the projected tables, and the buyer, seller, lines, amounts, status, links, reimbursement and tax-reported', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  for (const table of ['payments', 'invoices', 'invoice_lines'] as const) {
    const columns = (p.platform.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((r) => r.name);
    const covered = LEDGER_DETERMINED_COLUMNS.filter((c) => c.table === table).map((c) => c.column);
    assert.deepEqual(columns.filter((c) => !covered.includes(c) && !NOT_ON_LEDGER[table]?.includes(c)), [], `${table}: columns neither compared nor declared off-ledger`);
  }
  const invoiceColumns = LEDGER_DETERMINED_COLUMNS.filter((c) => c.table === 'invoices').map((c) => c.column);
  for (const c of ['buyer_type', 'buyer_name', 'buyer_taxpayer_id', 'seller_name', 'seller_taxpayer_id', 'net', 'tax', 'gross', 'status', 'reverses', 'reversed_by', 'reimbursement', 'tax_reported']) {
    assert.ok(invoiceColumns.includes(c), c);
  }
  assert.ok(LEDGER_DETERMINED_COLUMNS.some((c) => c.table === 'invoice_lines'));
});

test('for each column the ledger determines, an edit behind its back is reported by the reconciliation run', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await world(p);
  p.platform.ledger.seal();
  assert.deepEqual(await projectionMismatches(p), [], 'the untouched world is clean');

  const unreported: string[] = [];
  for (const c of LEDGER_DETERMINED_COLUMNS) {
    // invoice_lines has no rowid: rows are named by their key
    const [id, where] = c.table === 'invoice_lines' ? ['invoice', 'invoice = ? AND line_no = ?'] : ['id', 'id = ? AND ? IS NOT NULL'];
    const row = p.platform.db.prepare(`SELECT ${id} AS id, ${c.table === 'invoice_lines' ? 'line_no' : '1'} AS k2, ${c.column} AS value FROM ${c.table} ORDER BY ${c.column} IS NULL, ${id} LIMIT 1`)
      .get() as { id: string; k2: number; value: unknown };
    assert.ok(row, `${c.table} has rows`);
    let edited = false;
    for (const value of candidates(p, c, row.value)) {
      try {
        p.platform.db.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${where}`).run(value, row.id, row.k2);
        edited = true;
        break;
      } catch {
        // refused by a CHECK, NOT NULL, UNIQUE or foreign key: try the next value
      }
    }
    if (!edited) {
      // nothing can be written there but the one value: the schema itself keeps it honest
      assert.equal(c.column, 'currency', `${c.table}.${c.column}: no edit was possible`);
      continue;
    }
    const found = await projectionMismatches(p);
    if (!found.some((m) => m.field === c.field && (m.invoiceId ?? m.paymentId) === row.id)) unreported.push(`${c.table}.${c.column}`);
    p.platform.db.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${where}`).run(row.value, row.id, row.k2);
  }
  assert.deepEqual(unreported, [], 'edits the check did not report');
  assert.deepEqual(await projectionMismatches(p), [], 'clean again once every edit is undone');
});

test('the finding: buyer_taxpayer_id, which decides who may claim, edited directly, is reported', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await world(p);
  const invoice = p.platform.db.prepare('SELECT id FROM invoices WHERE buyer_taxpayer_id = ?').pluck().get(BUYER) as string;
  p.platform.db.prepare('UPDATE invoices SET buyer_taxpayer_id = ? WHERE id = ?').run('91310000MA2EMP01X3', invoice);
  assert.deepEqual((await projectionMismatches(p)).filter((m) => m.invoiceId === invoice), [{ invoiceId: invoice, field: 'buyer.taxpayerId' }]);
});
