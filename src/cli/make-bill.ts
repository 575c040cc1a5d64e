// `npm run make-bill -- --date YYYY-MM-DD`: see make-bill-command.ts.
import { runMakeBill } from './make-bill-command.js';

process.exitCode = runMakeBill(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
