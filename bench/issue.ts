// `npm run bench -- issue [--seconds 15] [--concurrency 32] [--invoices 100000]`
// End to end over HTTP on 127.0.0.1: the real service in one process, the load generator in
// another. Figures: invoices/s and per-request p50/p99 for webhook → apply → issue and for
// autoIssue (two requests), beside the same stack's ceiling (a no-op GraphQL mutation,
// autocannon); then peak RSS of the service after N invoices and database bytes per invoice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MERCHANT } from '../test/support/platform-harness.js';
import { ROOT, postGraphql, startService } from '../test/support/process.js';
import { percentile, report, mb } from './_support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '32' }, invoices: { type: 'string', default: '100000' } } });
const ADMIN = 'Zx_PNL88Nx4c2g-C8_IIrC5S2GNkyvDCUnR_hcXIEhk'; // ADMIN_BOOTSTRAP_KEY must look random (src/access/bootstrap-key.ts)
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-issue-'));
const service = await startService({ dataDir, env: { ADMIN_BOOTSTRAP_KEY: ADMIN, LOG_LEVEL: 'warn' } });
const pid = service.child.pid as number;

function child(script: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', script), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, unknown>;
}

function vmHwm(): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/u.exec(status)?.[1] ?? 0) * 1024;
}

const reg = await postGraphql<{ registerMerchant: { merchant: { id: string }; webhookSecret: string } }>(
  service.url,
  'mutation { registerMerchant(input: { name: "bench auto", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: true, defaultTaxRate: RATE_13, defaultTaxCode: "1090101010000000000" }) { merchant { id } webhookSecret } }',
  {}, ADMIN,
);
const auto = reg.data?.registerMerchant as { merchant: { id: string }; webhookSecret: string };

console.log(`issue benchmark: service pid ${pid} on ${service.url}, ${values.concurrency} concurrent clients, ${values.seconds} s per phase, node ${process.version}\n`);
const seconds = values.seconds ?? '15';
const concurrency = values.concurrency ?? '32';
const ceiling = child('_noop-load.ts', ['--url', service.url, '--seconds', seconds, '--connections', concurrency]);
const manual = child('_flow-load.ts', ['--url', service.url, '--merchant', DEMO_MERCHANT.id, '--secret', DEMO_MERCHANT.webhookSecret, '--key', DEMO_MERCHANT.apiKey, '--concurrency', concurrency, '--seconds', seconds]);
const autoRun = child('_flow-load.ts', ['--url', service.url, '--merchant', auto.merchant.id, '--secret', auto.webhookSecret, '--auto', '--concurrency', concurrency, '--seconds', seconds]);

const noopRps = ceiling['requestsPerSecond'] as number;
console.log(`ceiling: no-op GraphQL mutation ${Math.round(noopRps).toLocaleString()} req/s (p50 ${ceiling['p50']} ms, p99 ${ceiling['p99']} ms, autocannon)`);
for (const [name, run] of [['webhook → apply → issue', manual], ['autoIssue: webhook → apply', autoRun]] as const) {
  const rate = (run['completed'] as number) / ((run['elapsedMs'] as number) / 1000);
  const lat = run['latencies'] as Record<string, number[]>;
  const parts = Object.entries(lat).filter(([, l]) => l.length > 0).map(([k, l]) => {
    const sorted = [...l].sort((a, b) => a - b);
    return `${k} p50 ${percentile(sorted, 50).toFixed(2)} / p99 ${percentile(sorted, 99).toFixed(2)} ms`;
  });
  console.log(`${name}: ${Math.round(rate)} invoices/s, ${run['failures']} failed; ${parts.join('; ')}`);
  if (name.startsWith('autoIssue')) {
    report('autoIssue invoices/s vs 0.2 × no-op req/s', `${Math.round(rate)}/s`, `target ≥ ${Math.round(0.2 * noopRps)}/s (ratio ${(rate / noopRps).toFixed(3)})`, rate >= 0.2 * noopRps);
  }
}

// peak RSS after N invoices (autoIssue flow, run to a count)
const target = Number(values.invoices);
const issuedSoFar = (manual['completed'] as number) + (autoRun['completed'] as number);
const remaining = Math.max(0, target - issuedSoFar);
if (remaining > 0) {
  console.log(`\nissuing ${remaining.toLocaleString()} more invoices to reach ${target.toLocaleString()} …`);
  child('_flow-load.ts', ['--url', service.url, '--merchant', auto.merchant.id, '--secret', auto.webhookSecret, '--auto', '--concurrency', concurrency, '--flows', String(remaining)]);
}
const peak = vmHwm();
await service.stop('SIGTERM');
const files = ['platform.db', 'platform.db-wal'].map((f) => path.join(dataDir, f)).filter(existsSync);
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
report(`peak RSS of the service after ${target.toLocaleString()} invoices`, mb(peak), 'target < 300 MB', peak < 300 * 1024 * 1024);
console.log(`database: ${mb(bytes)} for ≥ ${target.toLocaleString()} invoices = ${Math.round(bytes / target)} bytes per invoice (payment, application, invoice, line, 3 ledger entries)`);
rmSync(dataDir, { recursive: true, force: true });
