// `make-bill` as a function: writes the day's provider bill (WeChat Pay trade bill layout,
// formatTradeBill) for the payments and refunds the platform recorded, where `npm run
// reconcile` reads bills (BILLS_DIR/<merchant>/<day>.csv). A demo has no provider to download
// a bill from, so this stands in for it; with a real provider, upload its bill instead
// (uploadTradeBill). The binary (make-bill.ts) only wires this to argv and the console.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadPlatformConfig } from '../config.js';
import { beijingDate, beijingDayBounds, systemClock } from '../domain/index.js';
import { formatTradeBill } from '../reconciliation/index.js';
import { openDatabase, type SqliteDatabase } from '../storage/sqlite/database.js';
import { demoBillRows } from '../storage/sqlite/demo-bill-source.js';
import { billPath } from '../storage/fs/bill-store.js';
import { CliUsageError, parseCliArgsOrThrow } from './args.js';
import type { CommandOutput } from './verify-ledger-command.js';

export const MAKE_BILL_USAGE = `usage: npm run make-bill -- [--date YYYY-MM-DD] [--merchant ID] [--data DIR]
  writes the demo's provider bill (WeChat Pay trade bill format) for that Beijing day's payments
  and refunds, where npm run reconcile reads it; then: npm run reconcile -- --date YYYY-MM-DD
  --date      the Beijing day (default: today)
  --merchant  the merchant (default: every merchant with payments that day)
  --data DIR  the service's data directory (default: DATA_DIR or ./data)`;

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2026-11-21 10:00:00": the bill's 交易时间 is Beijing local time. */
function billTime(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Writes one merchant's bill for `day`; returns the file and how many rows it has. */
export function writeDemoBill(db: SqliteDatabase, billsDir: string, merchantId: string, day: string): { file: string; rows: number } {
  const { start, end } = beijingDayBounds(day);
  const rows = demoBillRows(db, merchantId, start.toISOString(), end.toISOString());
  const file = billPath(billsDir, merchantId, day);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, formatTradeBill(rows.map((r) => ({ ...r, time: billTime(r.at) }))));
  return { file, rows: rows.length };
}

/** Runs make-bill with `argv` (without node and the script); returns the exit status. */
export function runMakeBill(argv: string[], output: CommandOutput, env: NodeJS.ProcessEnv = process.env): 0 | 2 {
  let args;
  try {
    args = parseCliArgsOrThrow({ date: { type: 'string' }, merchant: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', default: false } }, MAKE_BILL_USAGE, argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.err(error.message);
    return 2;
  }
  if (args.help) {
    output.out(MAKE_BILL_USAGE);
    return 0;
  }
  const day = args.date ?? beijingDate(systemClock.now());
  try {
    beijingDayBounds(day);
  } catch (error) {
    output.err(`make-bill: ${(error as Error).message}\n\n${MAKE_BILL_USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadPlatformConfig(args.data ? { ...env, DATA_DIR: args.data } : env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`make-bill: ${error.message}`);
    return 2;
  }
  if (!existsSync(config.databaseFile)) {
    output.err(`make-bill: no platform database at ${config.databaseFile} (run npm start first)`);
    return 2;
  }
  const db = openDatabase(config.databaseFile, { readonly: true });
  try {
    const { start, end } = beijingDayBounds(day);
    const merchants = args.merchant
      ? [args.merchant]
      : (db.prepare('SELECT DISTINCT merchant_id FROM payments WHERE paid_at >= ? AND paid_at < ? ORDER BY 1').pluck().all(start.toISOString(), end.toISOString()) as string[]);
    if (merchants.length === 0) output.out(`make-bill: no payments on ${day}; no bill written`);
    for (const merchantId of merchants) {
      const { file, rows } = writeDemoBill(db, config.billsDir, merchantId, day);
      output.out(`bill for ${merchantId} on ${day}: ${rows} rows → ${file}`);
    }
  } finally {
    db.close();
  }
  output.out(`now: npm run reconcile -- --date ${day}`);
  return 0;
}
