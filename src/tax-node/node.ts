// Builds the tax node's parts: its own database (keys, evidence, alerts) and one mirror
// database per followed ledger, each the ledger tables plus the indexes built from them.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { hashApiKey, type ApiKeyStore } from '../access/index.js';
import type { Clock } from '../domain/index.js';
import type { IdGenerator } from '../shared/ids.js';
import { createSqliteApiKeyStore } from '../storage/sqlite/access-stores.js';
import { inTransaction, MIRROR_SCHEMA, openDatabase, TAX_NODE_SCHEMA, type SqliteDatabase } from '../storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { createSqliteMirrorIndexStore, createSqliteTaxNodeStore } from '../storage/sqlite/tax-stores.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { alertSeverity, catchUpIndex, type AcceptDeps, type FollowedLedger, type TaxNodeStore } from '../witness/index.js';
import type { TaxNodeConfig } from './config.js';

/** Why requests were refused, since start (logged as they happen; exposed on /readyz, later /metrics). */
export interface TaxNodeCounters {
  /** POST /replication/blocks refused, by reason (RefusalReason, or BODY_MALFORMED, BODY_TOO_LARGE, RATE_LIMITED). */
  readonly refusedBlocks: Record<string, number>;
  /** Anonymous 查验 requests refused with 429, by which budget ran out. */
  readonly publicVerifyRateLimited: { source: number; global: number };
  /** New blocks verified, stored and cosigned (duplicates not counted). */
  acceptedBlocks: number;
  /** Anonymous 查验 requests let through both budgets. */
  publicVerifyAnswered: number;
  /** A gauge: block bodies above LARGE_BODY_BYTES being received now (app.ts caps them). */
  largeBlocksInFlight: number;
}

/** The node's fixed-memory rate limiters (src/shared/rate-limit.ts), one per budget. */
export interface TaxNodeLimits {
  /** Anonymous 查验 per source. */
  readonly publicVerifySource: RateLimiter;
  /** Anonymous 查验 from every source together (one bucket). */
  readonly publicVerifyGlobal: RateLimiter;
  /** Refused replication requests per source (accepted blocks are never charged). */
  readonly replicationRefused: RateLimiter;
}

export interface TaxNode {
  readonly config: TaxNodeConfig;
  readonly followed: ReadonlyMap<string, FollowedLedger>;
  readonly store: TaxNodeStore;
  readonly keys: ApiKeyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly acceptDeps: AcceptDeps;
  readonly startedAt: Date;
  readonly counters: TaxNodeCounters;
  readonly limits: TaxNodeLimits;
  /** Counts one refused block under `reason`. */
  countRefusedBlock(reason: string): void;
  /** Indexes what a mirror accepted, raising an alert for any malformed entry. */
  indexMirror(followed: FollowedLedger): number;
  close(): void;
}

/** The mirror file of an origin: origins contain '/', so the file is named by a hash. */
export function mirrorFile(dataDir: string, origin: string): string {
  return path.join(dataDir, `mirror-${createHash('sha256').update(origin).digest('hex').slice(0, 16)}.db`);
}

export function openTaxNode(config: TaxNodeConfig, options: { clock: Clock; ids: IdGenerator }): TaxNode {
  const db = openDatabase(path.join(config.dataDir, 'tax-node.db'), { schema: TAX_NODE_SCHEMA });
  const databases: SqliteDatabase[] = [db];
  const followed = new Map<string, FollowedLedger>();
  for (const ledger of config.ledgers) {
    const mirrorDb = openDatabase(mirrorFile(config.dataDir, ledger.origin), { schema: MIRROR_SCHEMA });
    databases.push(mirrorDb);
    followed.set(ledger.origin, {
      origin: ledger.origin,
      logKey: ledger.logKey,
      platformUrl: ledger.platformUrl,
      mirror: { origin: ledger.origin, ledger: createSqliteLedgerStore(mirrorDb), index: createSqliteMirrorIndexStore(mirrorDb) },
      transaction: (fn) => inTransaction(mirrorDb, fn),
    });
  }
  const store = createSqliteTaxNodeStore(db);
  const keys = createSqliteApiKeyStore(db);
  if (keys.list().length === 0) {
    const now = options.clock.now().toISOString();
    for (const k of config.initialApiKeys) {
      keys.insert({ id: options.ids.next('key'), keyHash: hashApiKey(k.key), role: k.role, merchantId: null, employerId: null, personId: null, label: k.label, createdAt: now, revokedAt: null });
    }
  }
  const counters: TaxNodeCounters = { refusedBlocks: {}, publicVerifyRateLimited: { source: 0, global: 0 }, acceptedBlocks: 0, publicVerifyAnswered: 0, largeBlocksInFlight: 0 };
  const minute = 60_000;
  const limits: TaxNodeLimits = {
    publicVerifySource: new RateLimiter({ limit: config.publicVerifyPerMinute, windowMs: minute, clock: options.clock }),
    publicVerifyGlobal: new RateLimiter({ limit: config.publicVerifyGlobalPerMinute, windowMs: minute, buckets: 1, clock: options.clock }),
    replicationRefused: new RateLimiter({ limit: config.replicationRefusedPerMinute, windowMs: minute, buckets: 4096, clock: options.clock }),
  };
  return {
    config, followed, store, keys, clock: options.clock, ids: options.ids, startedAt: options.clock.now(), counters, limits,
    countRefusedBlock(reason) {
      counters.refusedBlocks[reason] = (counters.refusedBlocks[reason] ?? 0) + 1;
    },
    acceptDeps: { followed, witness: config.witness, store, clock: options.clock, ids: options.ids },
    indexMirror: (f) =>
      catchUpIndex(f, (index) =>
        store.insertAlert({
          id: options.ids.next('alr'), origin: f.origin, kind: 'MALFORMED_ENTRY', severity: alertSeverity('MALFORMED_ENTRY'), evidenceId: null, createdAt: options.clock.now().toISOString(),
          message: `${f.origin} entry ${index} is signed into the log but is not a well-formed ledger entry`,
        }),
      ),
    close() {
      for (const d of databases) if (d.open) d.close();
    },
  };
}
