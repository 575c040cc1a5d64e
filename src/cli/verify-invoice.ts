// `npm run verify-invoice -- FILE [--xml FILE] [--log-key VKEY] [--witness-key VKEY]`: verifies
// an invoice's .tlog-proof offline (LEDGER.md §8) and prints what is proven. Exit 0 when every
// check passes, 1 naming the failed check, 2 for bad usage or an unreadable file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatYuan } from '../domain/index.js';
import { verifyInvoiceProof } from '../documents/offline-verify.js';
import { parseVerifierKey, type VerifierKey } from '../ledger/index.js';

const USAGE = `usage: npm run verify-invoice -- FILE [--xml FILE] [--log-key VKEY] [--witness-key VKEY ...]
  FILE               the invoice's proof (.tlog-proof, C2SP tlog-proof@v1)
  --xml FILE         also check that this 数电票 XML is exactly the one the proven entry defines
  --log-key VKEY     the log's verifier key (default: the demo's, fixtures/keys/platform-ledger.vkey)
  --witness-key VKEY a witness whose cosignature is required; repeat for several
                     (default: the demo tax node's, fixtures/keys/tax-node-witness.vkey)
  --help             this text
Exit status: 0 verified, 1 a check failed (named on stderr), 2 bad usage.`;

const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/keys');

function usageError(message: string): never {
  console.error(`verify-invoice: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
  xml: { type: 'string' }, 'log-key': { type: 'string' }, 'witness-key': { type: 'string', multiple: true }, help: { type: 'boolean' },
} as const;

function parseCommandLine() {
  try {
    return parseArgs({ args: process.argv.slice(2), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    usageError((error as Error).message);
  }
}
const { values, positionals } = parseCommandLine();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) usageError('give exactly one proof FILE');

function readOrExit(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    usageError(`cannot read ${what} ${file}`);
  }
}

function keyOrExit(text: string, what: string): VerifierKey {
  try {
    return parseVerifierKey(text.trim());
  } catch (error) {
    usageError(`${what}: ${(error as Error).message}`);
  }
}

const logKey = keyOrExit(values['log-key'] ?? readOrExit(path.join(fixtures, 'platform-ledger.vkey'), 'the demo log key').toString('utf8'), '--log-key');
const witnessKeys = (values['witness-key'] ?? [readOrExit(path.join(fixtures, 'tax-node-witness.vkey'), 'the demo witness key').toString('utf8')])
  .map((k) => keyOrExit(k, '--witness-key'));
const proof = readOrExit(positionals[0] as string, 'proof file');
const xml = values.xml === undefined ? null : readOrExit(values.xml, 'XML file');

const verdict = verifyInvoiceProof(proof, { logKey, witnessKeys }, xml);
if (!verdict.ok) {
  console.error(`verify-invoice: FAILED check: ${verdict.failed}\n  ${verdict.reason}`);
  process.exit(1);
}
const doc = verdict.document;
const status = doc.kind === 'RED'
  ? `ISSUED (red invoice reversing ${doc.reverses?.number ?? ''}) as of size ${verdict.size}`
  : `ISSUED as of size ${verdict.size} (a reversal appended after that would not show in this proof)`;
const lines = [
  `verified: invoice ${doc.number} is entry ${verdict.index} of ${verdict.origin}`,
  `  kind:      ${doc.kind === 'RED' ? '红字 (RED)' : '蓝字 (BLUE)'}  ${doc.title}`,
  `  issued:    ${doc.issueTime} (Beijing), ${doc.issuedAt}`,
  `  seller:    ${doc.seller.name} ${doc.seller.taxpayerId}`,
  `  buyer:     ${doc.buyer.name}${doc.buyer.taxpayerId ? ` ${doc.buyer.taxpayerId}` : ''}`,
  `  amounts:   net ${formatYuan(doc.totals.net)}  tax ${formatYuan(doc.totals.tax)}  gross ${formatYuan(doc.totals.gross)} (${doc.capitalAmount})`,
  `  status:    ${status}`,
  `  log:       ${verdict.origin}, checkpoint size ${verdict.size}, signed by ${logKey.name}`,
  ...verdict.cosignedBy.map((w) => `  witness:   ${w.name} cosigned at ${new Date(w.timestamp * 1000).toISOString()}`),
  `  leaf hash: ${Buffer.from(doc.ledger.leafHash).toString('hex')}`,
];
if (verdict.xmlMatches) lines.push(`  xml:       ${values.xml ?? ''} is exactly the XML this entry defines`);
console.log(lines.join('\n'));
