// `npm run bench -- tax-report [--invoices 1000000]`
// Filing a monthly report over N invoices: time and peak RSS of the process that files it,
// beside the same aggregation done by one SQL query in that process (the ceiling). The data
// is built first in another process, so its memory does not count.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FIXTURES_DIR } from '../src/config.js';
import { loadDemoFixtures } from '../src/platform/demo-fixtures.js';
import { openPlatform, readApplyTokenSecret, type Platform } from '../src/platform/platform.js';
import { randomIds } from '../src/shared/ids.js';
import { fileTaxReport } from '../src/tax-report/index.js';
import { demoSigner } from '../test/support/ledger-fixture.js';
import { mb, report } from './_support.js';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '1000000' }, phase: { type: 'string', default: 'main' }, dir: { type: 'string' } } });
const N = Number(values.invoices);
const clock = { now: () => new Date('2026-12-02T02:00:00Z') };

function open(dir: string): Platform {
  return openPlatform({
    databaseFile: path.join(dir, 'platform.db'), signer: demoSigner('platform-ledger'), witnesses: [], clock, ids: randomIds,
    applyTokenSecret: readApplyTokenSecret(path.join(FIXTURES_DIR, 'demo', 'apply-token.secret')), publicUrl: 'http://127.0.0.1', blockMaxEntries: 1000,
    blockIntervalMs: 500, webhookToleranceSeconds: 300, webhookSecretOverlapSeconds: 0, adminBootstrapKey: undefined,
  });
}

if (values.phase === 'build') {
  const p = open(values.dir ?? '');
  loadDemoFixtures(p, path.join(FIXTURES_DIR, 'demo', 'platform.json'));
  const insertPayment = p.db.prepare(`INSERT INTO payments (id, merchant_id, payment_id, amount, currency, paid_at, description, ledger_index, created_at)
    VALUES (?, 'm_demo', ?, ?, 'CNY', '2026-11-01T00:00:00Z', 'bench', ?, '2026-11-01T00:00:00Z')`);
  const insertInvoice = p.db.prepare(`INSERT INTO invoices (id, merchant_id, payment, status, kind, buyer_type, buyer_name, number, issue_date, seller_name,
    seller_taxpayer_id, net, tax, gross, capital_amount, applied_index, issued_index, applied_at, issued_at) VALUES (?, 'm_demo', ?, 'ISSUED', 'BLUE',
    'INDIVIDUAL', 'bench', ?, ?, 'demo', '91440300MA5DEM012D', ?, ?, ?, '', ?, ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')`);
  const insertLine = p.db.prepare(`INSERT INTO invoice_lines (invoice, line_no, name, tax_code, quantity, unit_price, tax_rate, net, tax, gross) VALUES (?, 1, 'x', '3070401000000000000', '1', NULL, ?, ?, ?, ?)`);
  const rates = ['13%', '9%', '6%', '3%'] as const;
  const pct: Record<string, number> = { '13%': 13, '9%': 9, '6%': 6, '3%': 3 };
  for (let start = 0; start < N; start += 10_000) {
    const count = Math.min(10_000, N - start);
    p.db.transaction(() => {
      // one ledger leaf per invoice, so the invoices' ledger indexes are real positions
      p.ledger.appendLeafData(Array.from({ length: count }, (_, k) => new TextEncoder().encode(`{"bench":${start + k}}`)));
      for (let k = 0; k < count; k += 1) {
        const i = start + k;
        const rate = rates[i % 4] as string;
        const net = 10_000 + (i % 997);
        const tax = Math.round((net * (pct[rate] ?? 0)) / 100);
        const id = `inv_${i}`;
        const day = String(1 + Math.floor((i / N) * 30)).padStart(2, '0');
        insertPayment.run(`pay_${i}`, `wx_${i}`, net + tax, i);
        insertInvoice.run(id, `pay_${i}`, `2644100${String(i + 1).padStart(13, '0')}`, `2026-11-${day}`, net, tax, net + tax, i, i);
        insertLine.run(id, rate, net, tax, net + tax);
      }
    }).immediate();
  }
  p.close();
} else if (values.phase === 'measure') {
  const p = open(values.dir ?? '');
  let t0 = performance.now();
  const ceilingRows = p.db.prepare(`SELECT l.tax_rate AS rate, count(*) AS count, sum(l.net) AS net, sum(l.tax) AS tax FROM invoices i JOIN invoice_lines l ON l.invoice = i.id
    WHERE i.merchant_id = 'm_demo' AND i.issue_date >= '2026-11-01' AND i.issue_date <= '2026-11-30' GROUP BY l.tax_rate`).all();
  const ceilingMs = performance.now() - t0;
  t0 = performance.now();
  const filed = fileTaxReport(p.taxReportDeps, { role: 'MERCHANT', keyId: 'bench', merchantId: 'm_demo' }, '2026-11', false);
  const filingMs = performance.now() - t0;
  const hwm = Number(/VmHWM:\s+(\d+) kB/u.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  const agree = JSON.stringify(filed.rates.map((r) => [r.rate, r.count, r.net, r.tax]).sort()) ===
    JSON.stringify((ceilingRows as Array<{ rate: string; count: number; net: number; tax: number }>).map((r) => [r.rate, r.count, r.net, r.tax]).sort());
  console.log(JSON.stringify({ ceilingMs, filingMs, hwm, invoiceCount: filed.invoiceCount, agree }));
  p.close();
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-tax-report-'));
  const self = fileURLToPath(import.meta.url);
  console.log(`tax-report benchmark: ${N.toLocaleString()} invoices in 2026-11, node ${process.version}`);
  const t0 = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', self, '--phase', 'build', '--dir', dir, '--invoices', String(N)], { stdio: 'inherit' });
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s (another process)`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--phase', 'measure', '--dir', dir, '--invoices', String(N)], { encoding: 'utf8' });
  const m = JSON.parse(out.trim().split('\n').at(-1) as string) as { ceilingMs: number; filingMs: number; hwm: number; invoiceCount: number; agree: boolean };
  console.log(`one SQL aggregation (ceiling): ${(m.ceilingMs / 1000).toFixed(2)} s; filing covered ${m.invoiceCount.toLocaleString()} invoices; totals agree with the SQL: ${m.agree}`);
  report('fileTaxReport time', `${(m.filingMs / 1000).toFixed(2)} s (${(m.filingMs / m.ceilingMs).toFixed(1)}× the SQL)`, 'target < 10 s', m.filingMs < 10_000);
  report('peak RSS of the filing process', mb(m.hwm), 'target < 300 MB', m.hwm < 300 * 1024 * 1024);
  rmSync(dir, { recursive: true, force: true });
}
