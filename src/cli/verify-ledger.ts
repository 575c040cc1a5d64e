// `npm run verify-ledger -- --data DIR`: audits a stored ledger from its leaf data (LEDGER.md §7).
// Exit 0 when everything verifies, 1 naming the first divergence, 2 for bad usage. The work is
// runVerifyLedger (verify-ledger-command.ts); this file wires it to the process.
import { runVerifyLedger } from './verify-ledger-command.js';

process.exitCode = runVerifyLedger(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => process.stderr.write(`${line}\n`),
});
