// Builds the platform node's parts on one SQLite database: stores, the ledger and the
// dependencies every service takes. No HTTP here; createApp and main.ts build on this.
import { readFileSync } from 'node:fs';
import type { ApiKeyStore, MerchantStore } from '../access/index.js';
import type { Clock } from '../domain/index.js';
import { ApplyTokens, handleRefund, type InvoiceDeps, type InvoiceStore } from '../invoices/index.js';
import { Ledger, type NoteSigner, type VerifierKey } from '../ledger/index.js';
import { ProviderKeyrings, type IngestDeps, type PaymentStore, type ProviderRecordDeps, type ProviderSettingsDeps, type ProviderSettingsStore } from '../payments/index.js';
import type { IdGenerator } from '../shared/ids.js';
import { RateLimiter } from '../shared/rate-limit.js';
import type { GroupCommit, UnitOfWork } from '../shared/unit-of-work.js';
import { createGroupCommit } from '../storage/sqlite/group-commit.js';
import { createSqliteApiKeyStore, createSqliteMerchantStore } from '../storage/sqlite/access-stores.js';
import { inTransaction, openDatabase, type SqliteDatabase } from '../storage/sqlite/database.js';
import { createSqliteInvoiceStore } from '../storage/sqlite/invoice-store.js';
import { createSqliteTaxCodeStore } from '../storage/sqlite/tax-code-store.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { createSqlitePaymentStore } from '../storage/sqlite/payment-store.js';
import { createSqliteProviderNotificationStore, createSqliteProviderSettingsStore } from '../storage/sqlite/provider-settings-store.js';
import { createSqliteReimbursementStore } from '../storage/sqlite/reimbursement-store.js';
import { createSqliteTaxReportStore } from '../storage/sqlite/tax-report-store.js';
import type { ReimbursementDeps } from '../reimbursement/index.js';
import { createOutboxWriter, OutboxDispatcher, type DeliveryDeps, type DispatcherLog, type DispatcherOptions, type EndpointDeps, type EndpointStore, type OutboxStore, type OutboxWriter } from '../outbox/index.js';
import { createSqliteEndpointStore, createSqliteOutboxStore } from '../storage/sqlite/outbox-store.js';
import type { TaxReportDeps } from '../tax-report/index.js';

export interface PlatformOptions {
  readonly databaseFile: string;
  readonly signer: NoteSigner;
  readonly witnesses: readonly VerifierKey[];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly applyTokenSecret: Uint8Array;
  /** How long a payer's apply token lives (default DEFAULT_APPLY_TOKEN_TTL_SECONDS, 30 days). */
  readonly applyTokenTtlSeconds?: number;
  readonly publicUrl: string;
  readonly blockMaxEntries: number;
  readonly blockIntervalMs: number;
  readonly webhookToleranceSeconds: number;
  readonly webhookSecretOverlapSeconds: number;
  readonly adminBootstrapKey: string | undefined;
  /** Observes each group commit (the database commit time metric). */
  readonly onCommit?: (seconds: number, units: number) => void;
  /** Failed reimbursement claims allowed per API key per hour (default FAILED_CLAIMS_PER_HOUR). */
  readonly failedClaimsPerHour?: number;
}

/** A claim is a 查验 by number, date and amount: 20 misses an hour is plenty for typing errors. */
export const FAILED_CLAIMS_PER_HOUR = 20;

export interface Platform {
  readonly db: SqliteDatabase;
  readonly ledger: Ledger;
  readonly merchants: MerchantStore;
  readonly keys: ApiKeyStore;
  readonly payments: PaymentStore;
  readonly invoices: InvoiceStore;
  readonly uow: UnitOfWork;
  /** Batches concurrent write requests into one durable commit (see group-commit.ts). */
  readonly writes: GroupCommit;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly tokens: ApplyTokens;
  readonly options: PlatformOptions;
  readonly ingestDeps: IngestDeps;
  /** WeChat Pay / Alipay: settings per merchant, their parsed keys (cached), and recording. */
  readonly providerSettings: ProviderSettingsStore;
  readonly providerKeyrings: ProviderKeyrings;
  readonly providerSettingsDeps: ProviderSettingsDeps;
  readonly providerDeps: ProviderRecordDeps;
  readonly invoiceDeps: InvoiceDeps;
  readonly reimbursementDeps: ReimbursementDeps;
  readonly taxReportDeps: TaxReportDeps;
  /** Events to merchants' systems (src/outbox): the durable outbox, endpoints, and its writer used by the services. */
  readonly outbox: { readonly events: OutboxStore; readonly endpoints: EndpointStore; readonly writer: OutboxWriter };
  readonly endpointDeps: EndpointDeps;
  readonly deliveryDeps: DeliveryDeps;
  /** Starts delivering the outbox (one dispatcher per platform); returns `stop`. Options are for tests and benchmarks. */
  startOutbox(log?: DispatcherLog, options?: Partial<Omit<DispatcherOptions, 'events' | 'endpoints'>>): () => void;
  close(): void;
}

export function openPlatform(options: PlatformOptions): Platform {
  const db = openDatabase(options.databaseFile);
  const uow: UnitOfWork = { run: (fn) => inTransaction(db, fn) };
  const ledger = new Ledger({
    store: createSqliteLedgerStore(db),
    signer: options.signer,
    witnesses: options.witnesses,
    clock: options.clock,
    blockMaxEntries: options.blockMaxEntries,
    blockIntervalMs: options.blockIntervalMs,
  });
  const merchants = createSqliteMerchantStore(db);
  const keys = createSqliteApiKeyStore(db);
  const payments = createSqlitePaymentStore(db);
  const invoices = createSqliteInvoiceStore(db);
  const writes = createGroupCommit(db, options.onCommit ? { onCommit: options.onCommit } : {});
  const tokens = new ApplyTokens(options.applyTokenSecret, { clock: options.clock, ...(options.applyTokenTtlSeconds ? { ttlSeconds: options.applyTokenTtlSeconds } : {}) });
  const applyLinkFor = (paymentId: string, issuedAt: Date): { applyToken: string; applyUrl: string } => {
    const applyToken = tokens.issue(paymentId, issuedAt);
    return { applyToken, applyUrl: `${options.publicUrl}/apply?token=${encodeURIComponent(applyToken)}` };
  };
  const outbox = { events: createSqliteOutboxStore(db), endpoints: createSqliteEndpointStore(db) };
  const outboxWriter = createOutboxWriter({ ...outbox, ids: options.ids, clock: options.clock });
  let dispatcher: OutboxDispatcher | null = null;
  const common = { merchants, ledger, uow, ids: options.ids, clock: options.clock };
  const invoiceDeps: InvoiceDeps = { ...common, payments, invoices, tokens, outbox: outboxWriter, taxCodes: createSqliteTaxCodeStore(db) };
  const onRefunded = (paymentId: string): void => void handleRefund(invoiceDeps, paymentId);
  const providerSettings = createSqliteProviderSettingsStore(db);
  const providerKeyrings = new ProviderKeyrings(providerSettings);
  return {
    db, ledger, merchants, keys, payments, invoices, uow, writes, clock: options.clock, ids: options.ids, tokens, options,
    ingestDeps: { ...common, payments, toleranceSeconds: options.webhookToleranceSeconds, applyLinkFor, onRefunded },
    providerSettings,
    providerKeyrings,
    providerSettingsDeps: { providerSettings, merchants, uow, clock: options.clock, onChanged: (merchantId) => providerKeyrings.invalidate(merchantId) },
    providerDeps: { ...common, payments, onRefunded, notifications: createSqliteProviderNotificationStore(db) },
    invoiceDeps,
    reimbursementDeps: {
      ...common, claims: createSqliteReimbursementStore(db), invoices, keys, outbox: outboxWriter,
      failedClaims: new RateLimiter({ limit: options.failedClaimsPerHour ?? FAILED_CLAIMS_PER_HOUR, windowMs: 3_600_000, clock: options.clock }),
    },
    taxReportDeps: { ...common, reports: createSqliteTaxReportStore(db), invoices },
    outbox: { ...outbox, writer: outboxWriter },
    endpointDeps: { endpoints: outbox.endpoints, merchants, uow, clock: options.clock },
    deliveryDeps: { events: outbox.events, clock: options.clock, onScheduled: () => dispatcher?.poke() },
    startOutbox(log, overrides = {}) {
      dispatcher?.stop();
      const started = new OutboxDispatcher({ clock: options.clock, commit: (work) => writes.submit(work), ...overrides, ...outbox, ...(log ? { log } : {}) });
      dispatcher = started;
      return started.start();
    },
    close() {
      dispatcher?.stop();
      if (db.open) db.close();
    },
  };
}

/** The apply-token secret from a file (base64 or raw text), at least 32 bytes. */
export function readApplyTokenSecret(file: string): Uint8Array {
  const text = readFileSync(file, 'utf8').trim();
  const bytes = /^[A-Za-z0-9+/=_-]+$/u.test(text) ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  if (bytes.length < 32) throw new Error(`${file}: the apply token secret must hold at least 32 bytes`);
  return new Uint8Array(bytes);
}
