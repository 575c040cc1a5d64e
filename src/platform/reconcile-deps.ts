// The reconciliation job's dependencies, built from a platform (used by main, the CLI and GraphQL).
import { hostname } from 'node:os';
import { HttpTaxNodeClient } from '../http/tax-node-client.js';
import type { ReconcileDeps } from '../reconciliation/index.js';
import { createFileBillStore } from '../storage/fs/bill-store.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { createSqliteReconciliationStore } from '../storage/sqlite/reconciliation-store.js';
import { RateLimiter } from '../shared/rate-limit.js';
import type { Platform } from './platform.js';

/** A merchant's on-demand reconciliation replays the whole ledger: a dozen an hour is plenty. */
export const MERCHANT_RECONCILIATIONS_PER_HOUR = 12;
import { checkProjections } from '../storage/sqlite/projection-check.js';

export function createReconcileDeps(platform: Platform, options: { billsDir: string; invoiceGraceDays: number; taxNodeUrl: string | undefined }): ReconcileDeps {
  const ledgerStore = createSqliteLedgerStore(platform.db);
  return {
    store: createSqliteReconciliationStore(platform.db),
    ledgerStore,
    logKey: platform.options.signer.verifierKey,
    witnesses: platform.options.witnesses,
    origin: platform.ledger.origin,
    projectionDifferences: () => checkProjections(platform.db, { ledgerStore }).differences,
    clock: platform.clock,
    ids: platform.ids,
    bills: createFileBillStore(options.billsDir),
    invoiceGraceDays: options.invoiceGraceDays,
    taxNode: options.taxNodeUrl ? new HttpTaxNodeClient(options.taxNodeUrl) : undefined,
    holder: `${hostname()}:${process.pid}`,
    merchantRuns: new RateLimiter({ limit: MERCHANT_RECONCILIATIONS_PER_HOUR, windowMs: 3_600_000, clock: platform.clock }),
  };
}
