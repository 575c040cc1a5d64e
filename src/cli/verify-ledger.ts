// `npm run verify-ledger -- --data DIR`: audits a stored ledger from its leaf data (LEDGER.md §7).
// Exit 0 when everything verifies, 1 naming the first divergence, 2 for bad usage.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auditLedger, parseVerifierKey } from '../ledger/index.js';
import { openDatabase } from '../storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { parseCliArgs } from './args.js';

const USAGE = `usage: npm run verify-ledger -- --data DIR [--db FILE] [--vkey VKEY | --vkey-file FILE] [--witness VKEY ...]
  --data DIR        the service's data directory (its ledger is DIR/platform.db)
  --db FILE         a database file to audit instead
  --vkey VKEY       the log's verifier key (default: fixtures/keys/platform-ledger.vkey)
  --witness VKEY    a witness verifier key (default: fixtures/keys/tax-node-witness.vkey)`;

const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/keys');
const args = parseCliArgs(
  {
    data: { type: 'string', default: './data' },
    db: { type: 'string' },
    vkey: { type: 'string' },
    'vkey-file': { type: 'string', default: path.join(fixtures, 'platform-ledger.vkey') },
    witness: { type: 'string', multiple: true },
    help: { type: 'boolean', default: false },
  },
  USAGE,
);
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const file = args.db ?? path.join(args.data ?? './data', 'platform.db');
if (!existsSync(file)) {
  console.error(`verify-ledger: no ledger database at ${file}`);
  process.exit(2);
}
const logKey = parseVerifierKey(args.vkey ?? readFileSync(args['vkey-file'] ?? '', 'utf8').trim());
const witnessDefault = path.join(fixtures, 'tax-node-witness.vkey');
const witnesses = (args.witness ?? (existsSync(witnessDefault) ? [readFileSync(witnessDefault, 'utf8').trim()] : [])).map(parseVerifierKey);

const db = openDatabase(file, { readonly: true });
const store = createSqliteLedgerStore(db);
const started = Date.now();
let lastPrint = 0;
const report = auditLedger({
  store,
  logKey,
  witnesses,
  progressEvery: 50_000,
  onProgress(done, total) {
    const now = Date.now();
    if (now - lastPrint < 1000 && done !== total) return;
    lastPrint = now;
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    process.stderr.write(`verify-ledger: ${done}/${total} entries (${total ? Math.floor((100 * done) / total) : 100}%), ${rate}/s\n`);
  },
});
db.close();
if (report.ok) {
  console.log(`ledger OK: ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.cosignatures} cosignatures verified (${file})`);
  process.exit(0);
}
const where = report.failure?.index !== undefined ? `first bad index ${report.failure.index}` : `checkpoint ${report.failure?.checkpointSize}`;
console.error(`ledger FAILED at ${where}: [${report.failure?.kind}] ${report.failure?.message}`);
process.exit(1);
