// `npm run bench -- documents [--invoices N] [--runs R] [--entries M]`: issue 12's figures.
// 1. Renders N invoices of 1..20 lines (default 10,000) to JSON (the floor), XML and PDF on one
//    core, R times (default 3); prints the median run's rate and per-document p50/p99, beside
//    the targets, plus peak RSS and RSS after the run.
// 2. Fills a real SQLite ledger with M entries (default 10^6) in cosigned 1,000-entry blocks
//    (the fast append path of bench/ledger.ts) and times buildTlogProof + formatTlogProof.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildInvoiceDocument, renderInvoicePdf, renderInvoiceXml, type InvoiceDocument } from '../src/documents/index.js';
import {
  Ledger, buildTlogProof, cosignCheckpoint, encodeEntry, formatTlogProof, parseNote, verifyTlogProof, type LedgerEntry,
} from '../src/ledger/index.js';
import { openDatabase } from '../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../src/storage/sqlite/ledger-store.js';
import { demoSigner } from '../test/support/ledger-fixture.js';
import { MERCHANT, TAX_NODE_URL, issuedEntry, positionOf } from '../test/documents/fixtures.js';
import { RssSampler, mb, percentile, report } from './_support.js';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, entries: { type: 'string', default: '1000000' } },
});
const INVOICES = Number(values.invoices);
const RUNS = Number(values.runs);
const ENTRIES = Number(values.entries);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
console.log(`documents benchmark: ${INVOICES.toLocaleString()} invoices of 1..20 lines, ${RUNS} runs (median shown), node ${process.version}\n`);

const entries: LedgerEntry[] = Array.from({ length: INVOICES }, (_, i) => issuedEntry({ lines: 1 + (i % 20), seed: i, sequence: i % 10_000 }));
const positions = entries.map((e, i) => positionOf(e, i));
const documents: InvoiceDocument[] = entries.map((e, i) => buildInvoiceDocument(e, positions[i] as ReturnType<typeof positionOf>, MERCHANT));

// Wall time and this process's CPU time per document: the machine is shared, so wall-clock
// figures include time spent waiting for a core; CPU time is what one core spends on it.
interface Run { rate: number; p50: number; p99: number; cpuP50: number; cpuP99: number }

async function measure(render: (i: number) => unknown): Promise<Run> {
  const times = new Array<number>(INVOICES);
  const cpu = new Array<number>(INVOICES);
  const started = performance.now();
  for (let i = 0; i < INVOICES; i += 1) {
    const c = process.cpuUsage();
    const s = performance.now();
    const out = render(i);
    if (out instanceof Promise) await out;
    times[i] = performance.now() - s;
    const used = process.cpuUsage(c);
    cpu[i] = (used.user + used.system) / 1000;
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { rate: INVOICES / (total / 1000), p50: percentile(times, 50), p99: percentile(times, 99), cpuP50: percentile(cpu, 50), cpuP99: percentile(cpu, 99) };
}

const median = (runs: Run[], key: keyof Run): number => {
  const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const kinds: [string, (i: number) => unknown][] = [
  // the floor: the same invoice's document model as JSON
  ['JSON', (i) => JSON.stringify({ ...documents[i], ledger: { index: positions[i]?.index, leafHash: Buffer.from(positions[i]?.leafHash ?? []).toString('hex') } })],
  // XML including building the document from the entry, as a node serving it would
  ['XML', (i) => renderInvoiceXml(buildInvoiceDocument(entries[i], positions[i] as ReturnType<typeof positionOf>, MERCHANT))],
  ['PDF', (i) => renderInvoicePdf(buildInvoiceDocument(entries[i], positions[i] as ReturnType<typeof positionOf>, MERCHANT), { taxNodeUrl: TAX_NODE_URL })],
];

// warm-up: the font is parsed once per process and glyph layouts are cached per font
for (let i = 0; i < 50; i += 1) await renderInvoicePdf(documents[i % INVOICES] as InvoiceDocument, { taxNodeUrl: TAX_NODE_URL });
gc();
const rss = new RssSampler();
const results = new Map<string, Run>();
for (const [name, render] of kinds) {
  const runs: Run[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    runs.push(await measure(render));
    process.stderr.write(`  ${name} run ${r + 1}/${RUNS}: ${Math.round(runs.at(-1)?.rate ?? 0).toLocaleString()}/s\n`);
  }
  results.set(name, { rate: median(runs, 'rate'), p50: median(runs, 'p50'), p99: median(runs, 'p99'), cpuP50: median(runs, 'cpuP50'), cpuP99: median(runs, 'cpuP99') });
}
const peak = rss.stop();
gc();
const after = process.memoryUsage().rss;
const floor = results.get('JSON') as Run;
for (const [name, r] of results) {
  const line = `${Math.round(r.rate).toLocaleString()}/s, p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms (CPU p50 ${r.cpuP50.toFixed(2)}, p99 ${r.cpuP99.toFixed(2)} ms)`;
  if (name === 'JSON') console.log(`info  ${'JSON floor (same invoice, one core)'.padEnd(44)} ${line}`);
  else if (name === 'PDF') report('PDF per invoice (one core)', line, `target p99 ≤ 50 ms; ${(floor.rate / r.rate).toFixed(0)}× the JSON cost`, r.p99 <= 50);
  else console.log(`info  ${`${name} per invoice (one core)`.padEnd(44)} ${line.padEnd(28)} ${(floor.rate / r.rate).toFixed(1)}× the JSON cost`);
}
console.log(`info  ${'peak RSS while rendering'.padEnd(44)} ${mb(peak)}`);
report(`RSS after ${INVOICES.toLocaleString()} invoices ×${RUNS} runs`, mb(after), 'target < 300 MB', after < 300 * 1024 * 1024);

// 2. proof generation at ENTRIES entries
const dir = mkdtempSync(path.join(tmpdir(), 'bench-documents-'));
const db = openDatabase(path.join(dir, 'ledger.db'));
const signer = demoSigner('platform-ledger');
const witness = demoSigner('tax-node-witness');
const ledger = new Ledger({ store: createSqliteLedgerStore(db), signer, witnesses: [witness.verifierKey], clock: { now: () => new Date() } });
const BLOCK = 1000;
const sampleLeaves = Array.from({ length: BLOCK }, (_, i) => encodeEntry(entries[i % INVOICES] as LedgerEntry));
let t0 = performance.now();
for (let start = 0; start < ENTRIES; start += BLOCK) {
  const n = Math.min(BLOCK, ENTRIES - start);
  db.transaction(() => ledger.appendLeafData(sampleLeaves.slice(0, n))).immediate();
  const sealed = ledger.seal();
  if (sealed) ledger.attachCosignature(sealed.size, cosignCheckpoint(parseNote(sealed.note).text, witness, 1_795_000_000 + start / BLOCK).line);
}
console.log(`\ninfo  ${`filled ${ENTRIES.toLocaleString()} entries, cosigned per ${BLOCK}`.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const size = ledger.size();
const proofRuns: Run[] = [];
for (let r = 0; r < RUNS; r += 1) {
  const n = 20_000;
  const times: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < n; i += 1) {
    const index = Math.floor(Math.random() * size);
    const s = performance.now();
    formatTlogProof(buildTlogProof(ledger, index));
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  proofRuns.push({ rate: n / ((performance.now() - t0) / 1000), p50: percentile(times, 50), p99: percentile(times, 99), cpuP50: 0, cpuP99: 0 });
}
const policy = { logKey: signer.verifierKey, witnessKeys: [witness.verifierKey] };
if (!verifyTlogProof(formatTlogProof(buildTlogProof(ledger, size - 1)), policy).ok) throw new Error('a generated proof does not verify');
const proofP99 = median(proofRuns, 'p99');
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
report(`proof generation at ${size.toLocaleString()} entries`, `p50 ${median(proofRuns, 'p50').toFixed(3)} ms, p99 ${proofP99.toFixed(3)} ms`, 'target p99 ≤ 2 ms', proofP99 <= 2);
db.close();
rmSync(dir, { recursive: true, force: true });
