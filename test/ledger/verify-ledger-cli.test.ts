// Tamper tests on a real SQLite file: each attack is made the way an attacker with write
// access to the file would (dropping the append-only triggers first), then `verify-ledger` must
// find it and name where. The command runs in-process (runVerifyLedger, what the binary runs);
// the first test runs the real binary, as its own process, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVerifyLedger } from '../../src/cli/verify-ledger-command.js';
import { CompactRange, serverHasher, signCheckpoint, cosignCheckpoint } from '../../src/ledger/index.js';
import { createLedgerFixture, appendMany, type LedgerFixture } from '../support/ledger-fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface CliResult { status: number | null; stdout: string; stderr: string }

/** `npm run verify-ledger -- ARGS` as a real process. */
function runBinary(args: string[]): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/verify-ledger.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command in this process: same exit status, same lines. */
function runCommand(args: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const status = runVerifyLedger(args, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
  return { status, stdout, stderr };
}

function runCli(file: string): CliResult {
  return runCommand(['--db', file]);
}

/** 300 entries in three cosigned blocks (100, 200, 300), closed so the CLI can open the file. */
function sealedLedger(): LedgerFixture {
  const f = createLedgerFixture();
  for (let block = 0; block < 3; block += 1) {
    appendMany(f, 100, 50);
    const checkpoint = f.ledger.seal();
    assert.ok(checkpoint);
    const text = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);
    f.ledger.attachCosignature(checkpoint.size, cosignCheckpoint(text, f.witness, 1_795_000_000 + block).line);
  }
  return f;
}

/** Swaps two entries' leaf data and leaf hashes, as an attacker with the file would. */
function swapEntries(f: LedgerFixture, i: number, j: number): void {
  dropTriggers(f);
  const row = f.db.prepare('SELECT leaf_data, leaf_hash FROM ledger_entries WHERE idx = ?');
  const a = row.get(i) as { leaf_data: Buffer; leaf_hash: Buffer };
  const b = row.get(j) as { leaf_data: Buffer; leaf_hash: Buffer };
  const write = f.db.prepare('UPDATE ledger_entries SET leaf_data = ?, leaf_hash = ? WHERE idx = ?');
  write.run(b.leaf_data, b.leaf_hash, i);
  write.run(a.leaf_data, a.leaf_hash, j);
}

function dropTriggers(f: LedgerFixture): void {
  const triggers = f.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
  for (const name of triggers) f.db.exec(`DROP TRIGGER ${name}`);
}

test('an untouched ledger verifies, with entries, checkpoints and cosignatures counted', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  f.db.close();
  const result = runBinary(['--db', f.file]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /300 entries, 3 checkpoints, 3 cosignatures verified/u);
  assert.match(result.stdout, /^final: 300 of 300 entries cosigned by the tax node$/mu);
  const inProcess = runCli(f.file);
  assert.deepEqual([inProcess.status, inProcess.stdout], [result.status, result.stdout], 'in-process, the command says what the binary says');
});

test('verify-ledger says how many entries are final: cosigned checkpoints only, newer entries awaiting one', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 100, 50);
  const first = f.ledger.seal();
  assert.ok(first);
  f.ledger.attachCosignature(first.size, cosignCheckpoint(first.note.slice(0, first.note.indexOf('\n\n') + 1), f.witness, 1_795_000_000).line);
  appendMany(f, 20, 20);
  assert.ok(f.ledger.seal(), 'a second checkpoint, never cosigned');
  appendMany(f, 5, 5);
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /125 entries, 2 checkpoints, 1 cosignatures verified/u);
  assert.match(result.stdout, /^final: 100 of 125 entries cosigned by the tax node; 25 newer entries await a cosigned checkpoint$/mu);
});

test('with no cosignature at all, verify-ledger says nothing is final and why', (t) => {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 10, 10);
  assert.ok(f.ledger.seal());
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^final: 0 of 10 entries — no checkpoint is cosigned by the tax node yet/mu);
});

test('a flipped byte in a stored leaf is named by its index', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  dropTriggers(f);
  const data = f.db.prepare('SELECT leaf_data FROM ledger_entries WHERE idx = 137').pluck().get() as Buffer;
  data[5] = (data[5] ?? 0) ^ 0x01;
  f.db.prepare('UPDATE ledger_entries SET leaf_data = ? WHERE idx = 137').run(data);
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /first bad index 137: \[LEAF_HASH\]/u);
});

test('a swapped pair of entries (data and hashes together) is named by the subtree that covers them', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  swapEntries(f, 40, 41);
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /first bad index 40: \[SUBTREE_HASH\] entries 40\.\.41/u);
});

test('a swapped pair with the stored subtree hashes rebuilt still fails at the checkpoint', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  swapEntries(f, 40, 41);
  // a careful attacker recomputes every stored subtree hash too
  const leaves = (f.db.prepare('SELECT leaf_hash FROM ledger_entries ORDER BY idx').pluck().all() as Buffer[]).map((x) => new Uint8Array(x));
  const range = CompactRange.empty(serverHasher);
  const completed = new Map<number, Buffer[]>();
  leaves.forEach((hash, m) => range.append(hash, (_level, _index, node) => completed.set(m, [...(completed.get(m) ?? []), Buffer.from(node)])));
  const rewrite = f.db.prepare('UPDATE ledger_entries SET subtree_hashes = ? WHERE idx = ?');
  for (const [m, hashes] of completed) rewrite.run(Buffer.concat(hashes), m);
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /checkpoint 100: \[CHECKPOINT_ROOT\]/u);
});

test('a truncated tail is found: the last checkpoint covers entries that are gone', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  dropTriggers(f);
  f.db.exec('DELETE FROM ledger_entries WHERE idx >= 290');
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /checkpoint 300: \[CHECKPOINT_BEYOND_ENTRIES\]/u);
});

test('a checkpoint re-signed with another root is found at its size', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  dropTriggers(f);
  const forged = signCheckpoint({ origin: f.signer.name, size: 200, root: new Uint8Array(32).fill(9) }, f.signer);
  f.db.prepare('UPDATE ledger_checkpoints SET note = ?, root = ? WHERE size = 200').run(forged, Buffer.alloc(32, 9));
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /checkpoint 200: \[CHECKPOINT_ROOT\]/u);
});

test('a checkpoint signed by a key other than the log\'s is found at its size', (t) => {
  const f = sealedLedger();
  t.after(() => f.close());
  dropTriggers(f);
  const note = f.db.prepare('SELECT note FROM ledger_checkpoints WHERE size = 100').pluck().get() as string;
  f.db.prepare('UPDATE ledger_checkpoints SET note = ? WHERE size = 100').run(note.replace(/\u2014 (\S+) /u, '\u2014 someone.else ')); 
  f.db.close();
  const result = runCli(f.file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /checkpoint 100: \[CHECKPOINT_SIGNATURE\]/u);
});

test('bad usage exits 2 with the usage text', () => {
  const result = runCommand(['--nope']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /usage: npm run verify-ledger/u);
});
