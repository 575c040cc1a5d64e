// The offline verifier end to end: invoice entries in a real SQLite ledger, sealed and cosigned
// with the demo keys, a .tlog-proof file built from it, and the real `verify-invoice` CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatYuan } from '../../src/domain/index.js';
import { invoiceDocumentFromLeaf, renderInvoiceXml, verifyInvoiceProof } from '../../src/documents/index.js';
import { buildTlogProof, cosignCheckpoint, formatTlogProof, parseNote, type LedgerEntry } from '../../src/ledger/index.js';
import { createLedgerFixture, sampleEntry, type LedgerFixture } from '../support/ledger-fixture.js';
import { issuedEntry, redEntry } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/verify-invoice.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function append(f: LedgerFixture, entries: LedgerEntry[]): number[] {
  return f.db.transaction(() => f.ledger.append(entries)).immediate();
}

function sealAndCosign(f: LedgerFixture, timestamp: number): number {
  const sealed = f.ledger.seal();
  assert.ok(sealed);
  f.ledger.attachCosignature(sealed.size, cosignCheckpoint(parseNote(sealed.note).text, f.witness, timestamp).line);
  return sealed.size;
}

interface Scenario {
  f: LedgerFixture;
  dir: string;
  blueIndex: number;
  redIndex: number;
  blueProofFile: string;
  /** Size of the checkpoint the blue proof is against (before the reversal). */
  blueSize: number;
}

/** A blue invoice sealed and cosigned; later its red reversal (and the reversed entry) in another block. */
function scenario(t: { after(fn: () => void): void }): Scenario {
  const f = createLedgerFixture();
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-verify-'));
  t.after(() => {
    f.close();
    rmSync(dir, { recursive: true, force: true });
  });
  append(f, [sampleEntry(0), sampleEntry(1)]);
  const blue = issuedEntry({ lines: 3 });
  const [blueIndex] = append(f, [blue]);
  const blueSize = sealAndCosign(f, 1_795_000_000);
  const blueProofFile = path.join(dir, 'blue.tlog-proof');
  writeFileSync(blueProofFile, formatTlogProof(buildTlogProof(f.ledger, blueIndex as number)));
  const red = redEntry(blue);
  const reversed: LedgerEntry = {
    v: 1, type: 'invoice.reversed', at: red.at, actor: red.actor, subject: blue.subject,
    data: { merchantId: 'm_demo', number: (blue.data as { number: string }).number, redInvoice: red.subject.id, redNumber: (red.data as { number: string }).number, reason: 'SALES_RETURN', confirmedBy: null },
  };
  const [redIndex] = append(f, [red, reversed]);
  sealAndCosign(f, 1_795_000_900);
  return { f, dir, blueIndex: blueIndex as number, redIndex: redIndex as number, blueProofFile, blueSize };
}

test('verify-invoice prints what is proven: number, amounts, buyer, status as of size N, origin, witness and time', (t) => {
  const s = scenario(t);
  const doc = invoiceDocumentFromLeaf(s.f.ledger.entry(s.blueIndex).data, s.blueIndex);
  const xmlFile = path.join(s.dir, 'blue.xml');
  writeFileSync(xmlFile, renderInvoiceXml(doc));
  const run = runCli([s.blueProofFile, '--xml', xmlFile]);
  assert.equal(run.status, 0, run.stderr);
  for (const expected of [
    `invoice ${doc.number} is entry ${s.blueIndex} of demo.chain-invoice.local/ledger`,
    `gross ${formatYuan(doc.totals.gross)}`, `net ${formatYuan(doc.totals.net)}`, doc.buyer.name,
    `ISSUED as of size ${s.blueSize}`, 'demo.tax-bureau.local/witness cosigned at 2026-11-18T', 'is exactly the XML this entry defines',
  ]) assert.ok(run.stdout.includes(expected), `${expected}\n${run.stdout}`);
});

test('a proof from before the reversal still verifies, as of its size; the red invoice has its own proof', (t) => {
  const s = scenario(t);
  // the blue proof file was written before the reversal was appended
  const old = runCli([s.blueProofFile]);
  assert.equal(old.status, 0, old.stderr);
  assert.match(old.stdout, new RegExp(`ISSUED as of size ${s.blueSize} `, 'u'));
  const redFile = path.join(s.dir, 'red.tlog-proof');
  writeFileSync(redFile, formatTlogProof(buildTlogProof(s.f.ledger, s.redIndex)));
  const red = runCli([redFile]);
  assert.equal(red.status, 0, red.stderr);
  assert.match(red.stdout, /红字 \(RED\)/u);
  assert.match(red.stdout, /red invoice reversing 26441000000000001001/u);
});

test('verify-invoice exits 1 naming the failed check', (t) => {
  const s = scenario(t);
  const proof = readFileSync(s.blueProofFile, 'utf8');
  const tampered = path.join(s.dir, 'tampered.tlog-proof');
  const lines = proof.split('\n');
  assert.match(lines[3] ?? '', /^[A-Za-z0-9+/]{43}=$/u);
  lines[3] = Buffer.alloc(32, 7).toString('base64'); // a proof hash replaced
  writeFileSync(tampered, lines.join('\n'));
  const bad = runCli([tampered]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /FAILED check: inclusion/u);

  const otherWitness = 'other.witness/w+32eb5839+BI0XpF6E5ARK9h9kKxS0+Wg71QvqWR7EMnMrl3JxUT7J';
  const noKey = runCli([s.blueProofFile, '--witness-key', otherWitness]);
  assert.equal(noKey.status, 2, 'a malformed key is a usage error');
  const foreignLog = runCli([s.blueProofFile, '--log-key', 'demo.tax-bureau.local/witness+32eb5839+BI0XpF6E5ARK9h9kKxS0+Wg71QvqWR7EMnMrl3JxUT7J']);
  assert.equal(foreignLog.status, 1);

  const xmlFile = path.join(s.dir, 'forged.xml');
  const doc = invoiceDocumentFromLeaf(s.f.ledger.entry(s.blueIndex).data, s.blueIndex);
  writeFileSync(xmlFile, renderInvoiceXml(doc).replace(formatYuan(doc.totals.gross), formatYuan(doc.totals.gross + 100)));
  const forged = runCli([s.blueProofFile, '--xml', xmlFile]);
  assert.equal(forged.status, 1);
  assert.match(forged.stderr, /FAILED check: xml/u);
});

test('a valid proof of an entry that is not an invoice fails the document check', (t) => {
  const s = scenario(t);
  const verdict = verifyInvoiceProof(formatTlogProof(buildTlogProof(s.f.ledger, 0)), {
    logKey: s.f.signer.verifierKey, witnessKeys: [s.f.witness.verifierKey],
  });
  assert.equal(verdict.ok ? 'ok' : verdict.failed, 'document');
});

test('verify-invoice --help prints usage and exits 0; no file is a usage error', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: npm run verify-invoice -- FILE/u);
  assert.equal(runCli([]).status, 2);
});
