// Opens the embedded SQLite database: WAL, synchronous=FULL (an acknowledged write survives
// power loss, ARCHITECTURE.md "Persistence"), and the plain-SQL migrations applied in order.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SqliteDatabase = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Named sets of migrations (folders under migrations/), applied in the order given. */
export type MigrationSet = 'ledger' | 'access' | 'platform' | 'tax-node' | 'tax-mirror';
export const PLATFORM_SCHEMA: readonly MigrationSet[] = ['ledger', 'access', 'platform'];
export const TAX_NODE_SCHEMA: readonly MigrationSet[] = ['access', 'tax-node'];
export const MIRROR_SCHEMA: readonly MigrationSet[] = ['ledger', 'tax-mirror'];

export interface OpenOptions {
  /** Which migration sets this database carries (default: the platform's). */
  readonly schema?: readonly MigrationSet[];
  /** `synchronous=FULL` unless told otherwise (benchmarks of raw SQLite compare like with like). */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  readonly readonly?: boolean;
}

/** Opens (creating when needed) a database file and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  if (!options.readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db, options.schema ?? PLATFORM_SCHEMA);
  }
  return db;
}

/** Applies every migration of `sets` not yet recorded, each in its own transaction, in order. */
export function migrate(db: SqliteDatabase, sets: readonly MigrationSet[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>).map((r) => r.name),
  );
  const pending = sets.flatMap((set) =>
    readdirSync(path.join(MIGRATIONS_DIR, set))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => `${set}/${f}`)
      .filter((name) => !applied.has(name)),
  );
  for (const name of pending) {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
    }).immediate();
  }
  return pending;
}

/** Runs `fn` in an IMMEDIATE transaction, or joins the one already open on this connection. */
export function inTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}
