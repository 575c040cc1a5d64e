// `verify-ledger` as a function (LEDGER.md §7): audits a stored ledger from its leaf data and
// returns the exit status — 0 when everything verifies, 1 naming the first divergence, 2 for
// bad usage. The binary (verify-ledger.ts) only wires it to argv, stdout and stderr, so tests
// run it in-process and one test still runs the real binary.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditLedger, parseVerifierKey } from '../ledger/index.js';
import { openDatabase } from '../storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { CliUsageError, parseCliArgsOrThrow } from './args.js';

export const VERIFY_LEDGER_USAGE = `usage: npm run verify-ledger -- --data DIR [--db FILE] [--vkey VKEY | --vkey-file FILE] [--witness VKEY ...]
  --data DIR        the service's data directory (its ledger is DIR/platform.db)
  --db FILE         a database file to audit instead
  --vkey VKEY       the log's verifier key (default: fixtures/keys/platform-ledger.vkey)
  --witness VKEY    a witness verifier key (default: fixtures/keys/tax-node-witness.vkey)`;

/** Where the command writes: `out` for the result, `err` for progress and failures (one line each). */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/keys');

/** How much of the ledger is final: what a user wants to know after "0 cosignatures verified". */
function finality(entries: number, finalEntries: number): string {
  if (entries === 0) return 'final: nothing to finalise yet (the ledger is empty)';
  if (finalEntries === 0) return `final: 0 of ${entries} entries — no checkpoint is cosigned by the tax node yet (is one running? see TAX_NODE_URL)`;
  const waiting = entries - finalEntries;
  return `final: ${finalEntries} of ${entries} entries cosigned by the tax node${waiting > 0 ? `; ${waiting} newer entries await a cosigned checkpoint` : ''}`;
}

/** Runs verify-ledger with `argv` (without node and the script); returns the exit status. */
export function runVerifyLedger(argv: string[], output: CommandOutput): 0 | 1 | 2 {
  let args;
  try {
    args = parseCliArgsOrThrow(
      {
        data: { type: 'string', default: './data' },
        db: { type: 'string' },
        vkey: { type: 'string' },
        'vkey-file': { type: 'string', default: path.join(fixtures, 'platform-ledger.vkey') },
        witness: { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
      VERIFY_LEDGER_USAGE,
      argv,
    );
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.err(error.message);
    return 2;
  }
  if (args.help) {
    output.out(VERIFY_LEDGER_USAGE);
    return 0;
  }

  const file = args.db ?? path.join(args.data ?? './data', 'platform.db');
  if (!existsSync(file)) {
    output.err(`verify-ledger: no ledger database at ${file}`);
    return 2;
  }
  const logKey = parseVerifierKey(args.vkey ?? readFileSync(args['vkey-file'] ?? '', 'utf8').trim());
  const witnessDefault = path.join(fixtures, 'tax-node-witness.vkey');
  const witnesses = (args.witness ?? (existsSync(witnessDefault) ? [readFileSync(witnessDefault, 'utf8').trim()] : [])).map(parseVerifierKey);

  const db = openDatabase(file, { readonly: true });
  const started = Date.now();
  let lastPrint = 0;
  let report;
  try {
    report = auditLedger({
      store: createSqliteLedgerStore(db),
      logKey,
      witnesses,
      progressEvery: 50_000,
      onProgress(done, total) {
        const now = Date.now();
        if (now - lastPrint < 1000 && done !== total) return;
        lastPrint = now;
        const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
        output.err(`verify-ledger: ${done}/${total} entries (${total ? Math.floor((100 * done) / total) : 100}%), ${rate}/s`);
      },
    });
  } finally {
    db.close();
  }
  if (report.ok) {
    output.out(`ledger OK: ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.cosignatures} cosignatures verified (${file})`);
    output.out(finality(report.entries, report.finalEntries));
    return 0;
  }
  const where = report.failure?.index !== undefined ? `first bad index ${report.failure.index}` : `checkpoint ${report.failure?.checkpointSize}`;
  output.err(`ledger FAILED at ${where}: [${report.failure?.kind}] ${report.failure?.message}`);
  return 1;
}
