// A tax node's mirror of the demo ledger, in process on real SQLite files: for tests and
// benchmarks that feed acceptBlock directly rather than through the tax node's HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/domain/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { MIRROR_SCHEMA, TAX_NODE_SCHEMA, inTransaction, openDatabase } from '../../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { createSqliteMirrorIndexStore, createSqliteTaxNodeStore } from '../../src/storage/sqlite/tax-stores.js';
import type { AcceptDeps, FollowedLedger } from '../../src/witness/index.js';
import { demoSigner } from './ledger-fixture.js';

export interface InProcessMirror {
  readonly followed: FollowedLedger;
  readonly deps: AcceptDeps;
  close(): void;
}

export function openMirror(clock: Clock): InProcessMirror {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-mirror-'));
  const mirrorDb = openDatabase(path.join(dir, 'mirror.db'), { schema: MIRROR_SCHEMA });
  const nodeDb = openDatabase(path.join(dir, 'tax-node.db'), { schema: TAX_NODE_SCHEMA });
  const signer = demoSigner('platform-ledger');
  const followed: FollowedLedger = {
    origin: signer.name, logKey: signer.verifierKey, platformUrl: null,
    mirror: { origin: signer.name, ledger: createSqliteLedgerStore(mirrorDb), index: createSqliteMirrorIndexStore(mirrorDb) },
    transaction: (fn) => inTransaction(mirrorDb, fn),
  };
  return {
    followed,
    deps: { followed: new Map([[signer.name, followed]]), witness: demoSigner('tax-node-witness'), store: createSqliteTaxNodeStore(nodeDb), clock, ids: randomIds },
    close() {
      mirrorDb.close();
      nodeDb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
