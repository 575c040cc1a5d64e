// A real ledger on a real SQLite file in a temporary directory, with the demo keys.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/domain/index.js';
import { paymentSucceeded } from '../../src/events/index.js';
import { Ledger, parseSignerKey, type LedgerEntry, type NoteSigner } from '../../src/ledger/index.js';
import { openDatabase, type SqliteDatabase } from '../../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';

export const FIXTURE_KEYS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/keys');

export function demoSigner(file: 'platform-ledger' | 'tax-node-witness'): NoteSigner {
  return parseSignerKey(readFileSync(path.join(FIXTURE_KEYS, `${file}.key`), 'utf8'));
}

export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-11-21T01:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface LedgerFixture {
  dir: string;
  file: string;
  db: SqliteDatabase;
  ledger: Ledger;
  clock: ManualClock;
  signer: NoteSigner;
  witness: NoteSigner;
  close(): void;
}

export function createLedgerFixture(options: { blockMaxEntries?: number; blockIntervalMs?: number } = {}): LedgerFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-ledger-'));
  const file = path.join(dir, 'platform.db');
  const db = openDatabase(file);
  const clock = new ManualClock();
  const signer = demoSigner('platform-ledger');
  const witness = demoSigner('tax-node-witness');
  const ledger = new Ledger({ store: createSqliteLedgerStore(db), signer, witnesses: [witness.verifierKey], clock, ...options });
  return {
    dir, file, db, ledger, clock, signer, witness,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A well-formed v1 payment.succeeded entry (the tax node decodes what it mirrors strictly). */
export function sampleEntry(i: number, clock: Clock = new ManualClock()): LedgerEntry {
  const at = clock.now().toISOString();
  return paymentSucceeded({
    at,
    actor: { role: 'PAYMENT_PROVIDER', id: 'm_demo' },
    subjectId: `pay_${i}`,
    data: { merchantId: 'm_demo', eventId: `evt_${i}`, providerPaymentId: `wx_${i}`, amount: 12800 + i, currency: 'CNY', paidAt: at, description: `order ${i}`, items: null },
  });
}

export function appendMany(fixture: LedgerFixture, count: number, perTransaction = 100): void {
  let done = 0;
  while (done < count) {
    const batch = Array.from({ length: Math.min(perTransaction, count - done) }, (_, i) => sampleEntry(done + i, fixture.clock));
    fixture.db.transaction(() => fixture.ledger.append(batch)).immediate();
    done += batch.length;
  }
}
