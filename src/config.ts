// Every environment variable the platform and the tax node read, parsed and validated once at
// start-up. A bad value stops the process with a message naming the variable.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapKeyWeakness } from './access/bootstrap-key.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * ADMIN_BOOTSTRAP_KEY, refused unless long and random-looking (src/access/bootstrap-key.ts);
 * shared by both nodes. The message names the variable, never the value.
 */
export function adminBootstrapKeyFrom(env: Env): string | undefined {
  const key = env['ADMIN_BOOTSTRAP_KEY'] || undefined;
  if (key === undefined) return undefined;
  const weakness = bootstrapKeyWeakness(key);
  if (weakness !== null) throw new ConfigError('ADMIN_BOOTSTRAP_KEY', weakness);
  return key;
}

/** AUTH_FAILURES_PER_MINUTE: failed authentications allowed per source address (both nodes). */
export function authFailuresPerMinuteFrom(env: Env): number {
  return integer(env, 'AUTH_FAILURES_PER_MINUTE', 20, 1, 100_000);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/u.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/**
 * GRAPHQL_INTROSPECTION: `1`/`true` lets callers without an API key read __schema / __type,
 * `0`/`false` does not; unset, only NODE_ENV=development does. With a key it is always allowed.
 */
export function graphqlIntrospection(env: Env): boolean {
  const raw = env['GRAPHQL_INTROSPECTION'];
  if (raw === undefined || raw === '') return env['NODE_ENV'] === 'development';
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError('GRAPHQL_INTROSPECTION', `must be 1, true, 0 or false, got "${raw}"`);
}

export interface PlatformConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseFile: string;
  /** The ledger's signing key (its name is the origin) and the tax node's verifier key. */
  readonly ledgerKeyFile: string;
  readonly witnessVkeyFile: string;
  /** Expected origin; when set, it must equal the signing key's name. */
  readonly ledgerOrigin: string | undefined;
  readonly blockMaxEntries: number;
  readonly blockIntervalMs: number;
  readonly adminBootstrapKey: string | undefined;
  /** Failed authentications allowed per source address per minute. */
  readonly authFailuresPerMinute: number;
  /** Seed for the HMAC that derives payers' apply tokens. */
  readonly applyTokenSecretFile: string;
  /** How long a payer's apply token lives (APPLY_TOKEN_TTL_DAYS, default 30). */
  readonly applyTokenTtlSeconds: number;
  readonly webhookToleranceSeconds: number;
  /** How long a rotated-out webhook secret stays valid. */
  readonly webhookSecretOverlapSeconds: number;
  readonly fixturesDir: string;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly taxNodeUrl: string | undefined;
  readonly shutdownGraceMs: number;
  /** Cron expression (Asia/Shanghai) of the nightly reconciliation; null turns it off. */
  readonly reconcileCron: string | null;
  readonly reconcileCatchUpDays: number;
  readonly invoiceGraceDays: number;
  /** Trade bills: BILLS_DIR/<merchantId>/<yyyy-mm-dd>.csv */
  readonly billsDir: string;
  /** Anonymous callers may introspect the GraphQL schema (development only). */
  readonly graphqlIntrospection: boolean;
  /**
   * `npm start` runs a local tax node as a child process unless TAX_NODE_URL names one or
   * LOCAL_TAX_NODE=off (or `--no-tax-node`).
   */
  readonly localTaxNode: boolean;
  /** TAX_NODE_PORT: the local tax node's port; unset, 4100 or a free one when 4100 is taken. */
  readonly taxNodePort: number | undefined;
  /** The local tax node's template configuration (TAX_NODE_CONFIG, default the demo one). */
  readonly taxNodeConfig: string;
  /** METRICS_TOKEN: when set, GET /metrics wants `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === '1' || raw === 'true') return true;
  if (raw === 'off' || raw === '0' || raw === 'false') return false;
  throw new ConfigError(name, `must be on or off, got "${raw}"`);
}

/** METRICS_TOKEN (both nodes): at least 16 characters when set. */
export function metricsTokenFrom(env: Env): string | undefined {
  const token = env['METRICS_TOKEN'] || undefined;
  if (token !== undefined && token.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  return token;
}

function reconcileCron(env: Env): string | null {
  const value = text(env, 'RECONCILE_CRON', '0 2 * * *');
  if (value === 'off') return null;
  // five or six space-separated fields of digits, ranges, steps, lists or *
  if (!/^(\S+\s+){4,5}\S+$/u.test(value.trim()) || !/^[\d*/,\-\s]+$/u.test(value)) {
    throw new ConfigError('RECONCILE_CRON', `"${value}" is not a cron expression (or "off")`);
  }
  return value.trim();
}

/** Reads the platform's configuration from `env` (process.env by default). */
export function loadPlatformConfig(env: Env = process.env): PlatformConfig {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const host = text(env, 'HOST', '127.0.0.1');
  const dataDir = path.resolve(text(env, 'DATA_DIR', './data'));
  const keys = path.join(FIXTURES_DIR, 'keys');
  const adminBootstrapKey = adminBootstrapKeyFrom(env);
  const logLevel = text(env, 'LOG_LEVEL', 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `unknown level "${logLevel}"`);
  }
  const taxNodeUrl = env['TAX_NODE_URL'] || undefined;
  if (taxNodeUrl !== undefined && !/^https?:\/\//u.test(taxNodeUrl)) throw new ConfigError('TAX_NODE_URL', 'must be an http(s) URL');
  return {
    port,
    host,
    dataDir,
    databaseFile: path.join(dataDir, 'platform.db'),
    ledgerKeyFile: path.resolve(text(env, 'LEDGER_KEY_FILE', path.join(keys, 'platform-ledger.key'))),
    witnessVkeyFile: path.resolve(text(env, 'WITNESS_VKEY_FILE', path.join(keys, 'tax-node-witness.vkey'))),
    ledgerOrigin: env['LEDGER_ORIGIN'] || undefined,
    blockMaxEntries: integer(env, 'BLOCK_MAX_ENTRIES', 1000, 1, 100_000),
    blockIntervalMs: integer(env, 'BLOCK_INTERVAL_MS', 500, 1, 3_600_000),
    adminBootstrapKey,
    authFailuresPerMinute: authFailuresPerMinuteFrom(env),
    applyTokenTtlSeconds: integer(env, 'APPLY_TOKEN_TTL_DAYS', 30, 1, 3660) * 24 * 3600,
    applyTokenSecretFile: path.resolve(text(env, 'APPLY_TOKEN_SECRET_FILE', path.join(FIXTURES_DIR, 'demo', 'apply-token.secret'))),
    webhookToleranceSeconds: integer(env, 'WEBHOOK_TOLERANCE_SECONDS', 300, 1, 3600),
    webhookSecretOverlapSeconds: integer(env, 'WEBHOOK_SECRET_OVERLAP_SECONDS', 24 * 3600, 0, 30 * 24 * 3600),
    fixturesDir: path.resolve(text(env, 'FIXTURES_DIR', FIXTURES_DIR)),
    publicUrl: text(env, 'PUBLIC_URL', `http://${host}:${port}`),
    logLevel,
    taxNodeUrl,
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    reconcileCron: reconcileCron(env),
    reconcileCatchUpDays: integer(env, 'RECONCILE_CATCHUP_DAYS', 7, 0, 366),
    invoiceGraceDays: integer(env, 'INVOICE_GRACE_DAYS', 3, 0, 366),
    billsDir: path.resolve(text(env, 'BILLS_DIR', path.join(dataDir, 'bills'))),
    graphqlIntrospection: graphqlIntrospection(env),
    localTaxNode: taxNodeUrl === undefined && onOff(env, 'LOCAL_TAX_NODE', true),
    taxNodePort: env['TAX_NODE_PORT'] ? integer(env, 'TAX_NODE_PORT', 4100, 0, 65535) : undefined,
    taxNodeConfig: path.resolve(text(env, 'TAX_NODE_CONFIG', path.join(FIXTURES_DIR, 'demo', 'tax-node.json'))),
    metricsToken: metricsTokenFrom(env),
  };
}
