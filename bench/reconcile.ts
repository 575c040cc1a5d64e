// `npm run bench -- reconcile [--payments 1000000]`
// A day with N payments and an N-line provider bill: reconciliation time and peak RSS of the
// process that runs it, beside the time to merely read and parse the bill file in that same
// process (the ceiling). The day is built first in another process.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FIXTURES_DIR } from '../src/config.js';
import { loadDemoFixtures } from '../src/platform/demo-fixtures.js';
import { openPlatform, readApplyTokenSecret, type Platform } from '../src/platform/platform.js';
import { createReconcileDeps } from '../src/platform/reconcile-deps.js';
import { BILL_COLUMNS, SUMMARY_COLUMNS, parseTradeBill, reconcileDay } from '../src/reconciliation/index.js';
import { billPath } from '../src/storage/fs/bill-store.js';
import { randomIds } from '../src/shared/ids.js';
import { demoSigner } from '../test/support/ledger-fixture.js';
import { mb, report } from './_support.js';

const { values } = parseArgs({ options: { payments: { type: 'string', default: '1000000' }, phase: { type: 'string', default: 'main' }, dir: { type: 'string' } } });
const N = Number(values.payments);
const DAY = '2026-11-20';
const clock = { now: () => new Date('2026-11-20T04:00:00.000Z') }; // noon in Beijing

function open(dir: string): Platform {
  return openPlatform({
    databaseFile: path.join(dir, 'platform.db'), signer: demoSigner('platform-ledger'), witnesses: [demoSigner('tax-node-witness').verifierKey], clock, ids: randomIds,
    applyTokenSecret: readApplyTokenSecret(path.join(FIXTURES_DIR, 'demo', 'apply-token.secret')), publicUrl: 'http://127.0.0.1', blockMaxEntries: 1000,
    blockIntervalMs: 500, webhookToleranceSeconds: 300, webhookSecretOverlapSeconds: 0, adminBootstrapKey: undefined,
  });
}

const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function build(dir: string): Promise<void> {
  const p = open(dir);
  loadDemoFixtures(p, path.join(FIXTURES_DIR, 'demo', 'platform.json'));
  const insert = p.db.prepare(`INSERT INTO payments (id, merchant_id, payment_id, amount, refunded, currency, paid_at, description, ledger_index, created_at)
    VALUES (?, 'm_demo', ?, ?, 0, 'CNY', ?, 'bench', ?, ?)`);
  const file = billPath(path.join(dir, 'bills'), 'm_demo', DAY);
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  out.write(`\uFEFF${BILL_COLUMNS.join(',')}\r\n`);
  let total = 0;
  const paidAt = '2026-11-20T04:00:00.000Z';
  for (let start = 0; start < N; start += 10_000) {
    const count = Math.min(10_000, N - start);
    const lines: string[] = [];
    p.db.transaction(() => {
      const ids = Array.from({ length: count }, (_, k) => `pay_${start + k}`);
      const indexes = p.ledger.append(ids.map((id, k) => ({
        v: 1 as const, type: 'payment.succeeded' as const, at: paidAt, actor: { role: 'PAYMENT_PROVIDER', id: 'm_demo' }, subject: { kind: 'payment', id },
        data: { merchantId: 'm_demo', eventId: `evt_${start + k}`, providerPaymentId: `42000${start + k}`, amount: 1000 + ((start + k) % 9000), currency: 'CNY', paidAt, description: 'bench', items: null },
      })));
      ids.forEach((id, k) => {
        const i = start + k;
        const amount = 1000 + (i % 9000);
        total += amount;
        insert.run(id, `42000${i}`, amount, paidAt, indexes[k], paidAt);
        const v = [`${DAY} 12:00:00`, 'wx2421b1c4370ec43b', '1900000109', '0', '', `42000${i}`, `order_${i}`, 'oUpF8u', 'NATIVE', 'SUCCESS', 'OTHERS', 'CNY', yuan(amount),
          '0.00', '0', '0', '0.00', '0.00', '', '', '商品', '', '0.00', '0.60%', yuan(amount), '0.00', ''];
        lines.push(v.map((x) => `\`${x}`).join(','));
      });
    }).immediate();
    p.ledger.seal();
    if (!out.write(`${lines.join('\r\n')}\r\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.write(`${SUMMARY_COLUMNS.join(',')}\r\n`);
  out.end([String(N), yuan(total), '0.00', '0.00', '0.00', yuan(total), '0.00'].map((x) => `\`${x}`).join(',') + '\r\n');
  await new Promise<void>((r) => out.once('finish', () => r()));
  p.close();
}

async function measure(dir: string): Promise<void> {
  const p = open(dir);
  const file = billPath(path.join(dir, 'bills'), 'm_demo', DAY);
  let t0 = performance.now();
  let rows = 0;
  for await (const row of parseTradeBill(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }))) rows += row ? 1 : 0;
  const parseMs = performance.now() - t0;
  const deps = { ...createReconcileDeps(p, { billsDir: path.join(dir, 'bills'), invoiceGraceDays: 3, taxNodeUrl: undefined }), holder: 'bench' };
  t0 = performance.now();
  const result = await reconcileDay(deps, DAY, { merchantId: 'm_demo' });
  const reconcileMs = performance.now() - t0;
  const hwm = Number(/VmHWM:\s+(\d+) kB/u.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  const reports = result.held ? [] : result.reports.map((r) => ({ scope: r.scope, status: r.status, differences: r.differences, types: deps.store.differences(r.id, 0, 5).map((d) => d.type) }));
  console.log(JSON.stringify({ rows, parseMs, reconcileMs, hwm, reports }));
  p.close();
}

if (values.phase === 'build') await build(values.dir ?? '');
else if (values.phase === 'measure') await measure(values.dir ?? '');
else {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-reconcile-'));
  const self = fileURLToPath(import.meta.url);
  console.log(`reconcile benchmark: ${N.toLocaleString()} payments and bill lines on ${DAY}, node ${process.version}`);
  const t0 = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', self, '--phase', 'build', '--dir', dir, '--payments', String(N)], { stdio: 'inherit' });
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s (another process)`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--phase', 'measure', '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = JSON.parse(out.trim().split('\n').at(-1) as string) as { rows: number; parseMs: number; reconcileMs: number; hwm: number; reports: unknown[] };
  console.log(`reading and parsing the bill alone (ceiling): ${(m.parseMs / 1000).toFixed(2)} s for ${m.rows.toLocaleString()} rows`);
  console.log(`reports: ${JSON.stringify(m.reports)}`);
  report('reconciliation of the day', `${(m.reconcileMs / 1000).toFixed(2)} s (${(m.reconcileMs / m.parseMs).toFixed(1)}× parsing)`, 'target < 60 s', m.reconcileMs < 60_000);
  report('peak RSS of the reconciling process', mb(m.hwm), 'target < 300 MB', m.hwm < 300 * 1024 * 1024);
  rmSync(dir, { recursive: true, force: true });
}
