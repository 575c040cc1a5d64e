// `npm run reconcile -- --date 2026-11-20 [--merchant ID]`: the nightly job, by hand (with
// --merchant, that merchant's report only; without it, every merchant and the platform). Shows a
// progress bar on a terminal, prints a summary table, exits 1 when differences exist (2 when
// another runner holds the day, or for bad usage).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadPlatformConfig } from '../config.js';
import { systemClock } from '../domain/index.js';
import { parseSignerKey, parseVerifierKey } from '../ledger/index.js';
import { openPlatform, readApplyTokenSecret } from '../platform/platform.js';
import { createReconcileDeps } from '../platform/reconcile-deps.js';
import { assertReconcilableDay, reconcileDay } from '../reconciliation/index.js';
import { randomIds } from '../shared/ids.js';
import { formatReconciliationTable } from './reconcile-table.js';

const USAGE = 'usage: npm run reconcile -- --date YYYY-MM-DD [--merchant ID] [--data DIR]';
let values;
try {
  values = parseArgs({ options: { date: { type: 'string' }, merchant: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.date || !/^\d{4}-\d{2}-\d{2}$/u.test(values.date)) {
  console.error(USAGE);
  process.exit(2);
}
const date = values.date;
try {
  const config = loadPlatformConfig(values.data ? { ...process.env, DATA_DIR: values.data } : process.env);
  if (!existsSync(config.databaseFile)) throw new ConfigError('DATA_DIR', `no platform database at ${config.databaseFile}`);
  const signer = parseSignerKey(readFileSync(config.ledgerKeyFile, 'utf8'));
  const witnesses = existsSync(config.witnessVkeyFile) ? [parseVerifierKey(readFileSync(config.witnessVkeyFile, 'utf8').trim())] : [];
  const platform = openPlatform({
    databaseFile: config.databaseFile, signer, witnesses, clock: systemClock, ids: randomIds, applyTokenSecret: readApplyTokenSecret(config.applyTokenSecretFile),
    publicUrl: config.publicUrl, blockMaxEntries: config.blockMaxEntries, blockIntervalMs: config.blockIntervalMs, webhookToleranceSeconds: config.webhookToleranceSeconds,
    webhookSecretOverlapSeconds: config.webhookSecretOverlapSeconds, adminBootstrapKey: undefined,
  });
  const deps = createReconcileDeps(platform, { billsDir: config.billsDir, invoiceGraceDays: config.invoiceGraceDays, taxNodeUrl: config.taxNodeUrl });
  assertReconcilableDay(deps, date);
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  const result = await reconcileDay(deps, date, {
    merchantId: values.merchant,
    onProgress(phase, done, total) {
      const now = Date.now();
      if (!tty || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      process.stderr.write(`\r${phase.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
      if (done >= total) process.stderr.write('\n');
    },
  });
  if (result.held) {
    platform.close();
    console.error(`reconcile: ${date} is being reconciled by another runner (its lease is held); nothing was run`);
    process.exit(2);
  }
  console.log(`Reconciliation of ${date} (Beijing day)`);
  for (const line of formatReconciliationTable(result.reports)) console.log(line);
  for (const r of result.reports.filter((x) => x.differences > 0)) {
    for (const d of deps.store.differences(r.id, 0, 50)) console.log(`  ${r.scope === '*' ? 'platform' : r.scope}: ${d.severity} ${d.type} ${JSON.stringify(d.ids)} — ${d.detail}`);
  }
  platform.close();
  process.exit(result.reports.some((r) => r.status === 'DIFFERENCES') ? 1 : 0);
} catch (error) {
  console.error(`reconcile: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
