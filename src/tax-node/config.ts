// The tax node's configuration: environment (PORT, HOST, DATA_DIR, ADMIN_BOOTSTRAP_KEY,
// LOG_LEVEL, TAX_NODE_CONFIG) and the configuration file naming its key and followed ledgers.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, FIXTURES_DIR, adminBootstrapKeyFrom, authFailuresPerMinuteFrom, graphqlIntrospection, metricsTokenFrom } from '../config.js';
import { DEFAULT_BLOCK_MAX_ENTRIES, parseSignerKey, parseVerifierKey, SIG_TYPE_COSIGNATURE, SIG_TYPE_ED25519, type NoteSigner, type VerifierKey } from '../ledger/index.js';

export interface FollowedLedgerConfig {
  readonly origin: string;
  readonly logKey: VerifierKey;
  readonly platformUrl: string | null;
}

export interface TaxNodeConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly adminBootstrapKey: string | undefined;
  /** Failed authentications allowed per source address per minute. */
  readonly authFailuresPerMinute: number;
  readonly logLevel: string;
  readonly configFile: string;
  readonly witness: NoteSigner;
  readonly ledgers: readonly FollowedLedgerConfig[];
  readonly silenceAlertMs: number;
  /** Anonymous 查验 requests allowed per source (IPv4 address, IPv6 /64) per minute (default 30). */
  readonly publicVerifyPerMinute: number;
  /** Anonymous 查验 requests allowed per minute from all sources together (default 600). */
  readonly publicVerifyGlobalPerMinute: number;
  /** Refused replication requests allowed per source per minute before 429 (default 30). */
  readonly replicationRefusedPerMinute: number;
  /**
   * The most entries a followed platform puts in one block (its BLOCK_MAX_ENTRIES, default
   * 1000); with MAX_ENTRY_BYTES it sets the body limit of POST /replication/blocks.
   */
  readonly blockMaxEntries: number;
  /** GRAPHQL_INTROSPECTION=1 (or NODE_ENV=development): anonymous callers may introspect the schema. */
  readonly graphqlIntrospection?: boolean;
  /** METRICS_TOKEN: when set, GET /metrics wants `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** Keys loaded when the node has none yet (demo configuration only). */
  readonly initialApiKeys: ReadonlyArray<{ key: string; role: 'TAX_AUTHORITY' | 'ADMIN'; label: string }>;
}

interface ConfigFile {
  apiKeys?: Array<{ key?: string; role?: string; label?: string }>;
  witnessKeyFile?: string;
  silenceAlertSeconds?: number;
  ledgers?: Array<{ origin?: string; vkey?: string; platformUrl?: string }>;
}

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/u.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new ConfigError(name, `must be a whole number from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

export function loadTaxNodeConfig(env: Readonly<Record<string, string | undefined>> = process.env): TaxNodeConfig {
  const port = Number(env['PORT'] || 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `must be a port number, got "${env['PORT']}"`);
  const configFile = path.resolve(env['TAX_NODE_CONFIG'] || path.join(FIXTURES_DIR, 'demo', 'tax-node.json'));
  if (!existsSync(configFile)) throw new ConfigError('TAX_NODE_CONFIG', `no file at ${configFile}`);
  let file: ConfigFile;
  try {
    file = JSON.parse(readFileSync(configFile, 'utf8')) as ConfigFile;
  } catch (error) {
    throw new ConfigError('TAX_NODE_CONFIG', `${configFile} is not JSON: ${(error as Error).message}`);
  }
  if (!file.witnessKeyFile) throw new ConfigError('TAX_NODE_CONFIG', 'witnessKeyFile is required');
  const keyPath = path.resolve(path.dirname(configFile), file.witnessKeyFile);
  if (!existsSync(keyPath)) throw new ConfigError('TAX_NODE_CONFIG', `witnessKeyFile ${keyPath} does not exist`);
  const witness = parseSignerKey(readFileSync(keyPath, 'utf8'));
  if (witness.type !== SIG_TYPE_COSIGNATURE) throw new ConfigError('TAX_NODE_CONFIG', 'the witness key must be a cosignature (type 0x04) key');
  if (!Array.isArray(file.ledgers) || file.ledgers.length === 0) throw new ConfigError('TAX_NODE_CONFIG', 'follow at least one ledger');
  const ledgers = file.ledgers.map((l, i) => {
    if (!l.origin || !l.vkey) throw new ConfigError('TAX_NODE_CONFIG', `ledgers[${i}] needs origin and vkey`);
    const logKey = parseVerifierKey(l.vkey);
    if (logKey.type !== SIG_TYPE_ED25519 || logKey.name !== l.origin) {
      throw new ConfigError('TAX_NODE_CONFIG', `ledgers[${i}].vkey must be an Ed25519 key named ${l.origin}`);
    }
    return { origin: l.origin, logKey, platformUrl: l.platformUrl ?? null };
  });
  const adminBootstrapKey = adminBootstrapKeyFrom(env);
  return {
    port,
    host: env['HOST'] || '127.0.0.1',
    dataDir: path.resolve(env['DATA_DIR'] || './data/tax-node'),
    adminBootstrapKey,
    authFailuresPerMinute: authFailuresPerMinuteFrom(env),
    logLevel: env['LOG_LEVEL'] || 'info',
    configFile,
    witness,
    ledgers,
    silenceAlertMs: Number(env['SILENCE_ALERT_SECONDS'] || file.silenceAlertSeconds || 3600) * 1000,
    publicVerifyPerMinute: positiveInteger(env, 'PUBLIC_VERIFY_PER_MINUTE', 30, 100_000),
    publicVerifyGlobalPerMinute: positiveInteger(env, 'PUBLIC_VERIFY_GLOBAL_PER_MINUTE', 600, 10_000_000),
    replicationRefusedPerMinute: positiveInteger(env, 'REPLICATION_REFUSED_PER_MINUTE', 30, 100_000),
    blockMaxEntries: positiveInteger(env, 'BLOCK_MAX_ENTRIES', DEFAULT_BLOCK_MAX_ENTRIES, 100_000),
    graphqlIntrospection: graphqlIntrospection(env),
    metricsToken: metricsTokenFrom(env),
    initialApiKeys: (file.apiKeys ?? []).map((k, i) => {
      if (!k.key || (k.role !== 'TAX_AUTHORITY' && k.role !== 'ADMIN')) throw new ConfigError('TAX_NODE_CONFIG', `apiKeys[${i}] needs a key and role TAX_AUTHORITY or ADMIN`);
      return { key: k.key, role: k.role, label: k.label ?? `${k.role} key` };
    }),
  };
}
