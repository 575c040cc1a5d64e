// The real tax node app in this process, listening on 127.0.0.1 with a port of its own: for
// security tests that need its counters, an injected clock or an injected source key while
// every request still goes through real HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import Database from 'better-sqlite3';
import { randomIds } from '../../src/shared/ids.js';
import { createTaxNodeApp, type TaxNodeAppOptions } from '../../src/tax-node/app.js';
import { loadTaxNodeConfig, type TaxNodeConfig } from '../../src/tax-node/config.js';
import { openTaxNode, type TaxNode } from '../../src/tax-node/node.js';
import { ManualClock } from './ledger-fixture.js';

export interface TaxNodeServer {
  readonly node: TaxNode;
  readonly url: string;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Rows in the node's own tables (evidence, alerts), read through a second connection. */
  rows(table: 'tn_evidence' | 'tn_alerts'): number;
  close(): Promise<void>;
}

export async function startTaxNodeServer(
  t: { after: (fn: () => unknown) => void },
  overrides: Partial<TaxNodeConfig> = {},
  options: TaxNodeAppOptions = {},
): Promise<TaxNodeServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-tax-security-'));
  const config: TaxNodeConfig = { ...loadTaxNodeConfig({ DATA_DIR: dataDir, PORT: '0' }), ...overrides };
  const clock = new ManualClock();
  const node = openTaxNode(config, { clock, ids: randomIds });
  const { app, stop } = await createTaxNodeApp(node, pino({ level: 'silent' }), options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stop();
    node.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  t.after(close);
  return {
    node, url, clock, dataDir, close,
    rows(table) {
      const db = new Database(path.join(dataDir, 'tax-node.db'), { readonly: true });
      try {
        return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      } finally {
        db.close();
      }
    },
  };
}
