import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  buildTlogProof, cosignCheckpoint, formatTlogProof, isDomainErrorCode, parseNote, parseTlogProof, verifyTlogProof,
  TLOG_PROOF_HEADER, type TlogProofPolicy,
} from '../support/ledger-imports.js';
import { appendMany, createLedgerFixture, demoSigner, sampleEntry, type LedgerFixture } from '../support/ledger-fixture.js';

function sealAndCosign(f: LedgerFixture, timestamp: number): number {
  const sealed = f.ledger.seal();
  assert.ok(sealed);
  const text = parseNote(sealed.note).text;
  f.ledger.attachCosignature(sealed.size, cosignCheckpoint(text, f.witness, timestamp).line);
  return sealed.size;
}

function policyOf(f: LedgerFixture): TlogProofPolicy {
  return { logKey: f.signer.verifierKey, witnessKeys: [f.witness.verifierKey] };
}

/** 10 entries: a checkpoint at 3 (not cosigned), at 6 and at 10 (both cosigned). */
function threeBlocks(t: { after(fn: () => void): void }): LedgerFixture {
  const f = createLedgerFixture();
  t.after(() => f.close());
  appendMany(f, 3);
  assert.ok(f.ledger.seal());
  appendMany(f, 3);
  sealAndCosign(f, 1_795_000_000);
  f.db.transaction(() => f.ledger.append([sampleEntry(6), sampleEntry(7), sampleEntry(8), sampleEntry(9)])).immediate();
  sealAndCosign(f, 1_795_000_100);
  return f;
}

test('a proof uses the smallest cosigned checkpoint covering the entry and verifies offline', (t) => {
  const f = threeBlocks(t);
  const proof = buildTlogProof(f.ledger, 1);
  const text = formatTlogProof(proof);
  assert.ok(text.startsWith(`${TLOG_PROOF_HEADER}\nextra `));
  assert.match(text, /\nindex 1\n/u);
  assert.ok(text.endsWith(f.ledger.checkpoint(6)?.cosignedNote ?? 'missing'));
  const verdict = verifyTlogProof(text, policyOf(f));
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.size, 6);
  assert.equal(verdict.index, 1);
  assert.equal(verdict.origin, f.signer.name);
  assert.deepEqual(verdict.cosignedBy, [{ name: f.witness.name, timestamp: 1_795_000_000 }]);
  assert.deepEqual(Buffer.from(verdict.leafData), Buffer.from(f.ledger.entry(1).data));
  // an entry of the last block gets the last checkpoint
  const late = verifyTlogProof(formatTlogProof(buildTlogProof(f.ledger, 9)), policyOf(f));
  assert.ok(late.ok && late.size === 10);
});

test('parse and format are inverse, and the parsed proof verifies like its text', (t) => {
  const f = threeBlocks(t);
  for (let index = 0; index < 10; index += 1) {
    const text = formatTlogProof(buildTlogProof(f.ledger, index));
    const parsed = parseTlogProof(text);
    assert.equal(formatTlogProof(parsed), text);
    assert.ok(verifyTlogProof(parsed, policyOf(f)).ok);
    assert.ok(verifyTlogProof(Buffer.from(text), policyOf(f)).ok);
  }
});

test('no proof while no cosigned checkpoint covers the entry', (t) => {
  const f = threeBlocks(t);
  appendMany(f, 2);
  assert.ok(f.ledger.seal()); // signed, not cosigned
  assert.throws(() => buildTlogProof(f.ledger, 10), isDomainErrorCode('LEDGER.NOT_COSIGNED'));
  assert.throws(() => buildTlogProof(f.ledger, 99), isDomainErrorCode('LEDGER.NO_SUCH_ENTRY'));
});

test('the verdict names the check that failed', (t) => {
  const f = threeBlocks(t);
  const proof = buildTlogProof(f.ledger, 4);
  const other = demoSigner('platform-ledger');
  // a policy with another log key: the log signature is the failed check
  const foreignLog = { ...policyOf(f), logKey: { ...other.verifierKey, name: 'another.log/ledger' } };
  assert.deepEqual(pick(verifyTlogProof(proof, foreignLog)), 'checkpoint-signature');
  // the witness's line removed: the cosignature check fails
  const signedOnly = f.ledger.checkpoint(6)?.note ?? '';
  assert.equal(pick(verifyTlogProof({ ...proof, checkpoint: signedOnly }, policyOf(f))), 'cosignature');
  // other leaf bytes: their hash is not in the tree
  assert.equal(pick(verifyTlogProof({ ...proof, extra: f.ledger.entry(3).data }, policyOf(f))), 'inclusion');
  assert.equal(pick(verifyTlogProof({ ...proof, extra: null }, policyOf(f))), 'leaf');
  assert.equal(pick(verifyTlogProof({ ...proof, index: 6 }, policyOf(f))), 'inclusion');
  assert.equal(pick(verifyTlogProof({ ...proof, proof: proof.proof.slice(1) }, policyOf(f))), 'inclusion');
  assert.equal(pick(verifyTlogProof('c2sp.org/tlog-proof@v2\n', policyOf(f))), 'format');
});

function pick(verdict: ReturnType<typeof verifyTlogProof>): string {
  return verdict.ok ? 'ok' : verdict.failed;
}

test('strict parsing refuses every non-canonical spelling', (t) => {
  const f = threeBlocks(t);
  const text = formatTlogProof(buildTlogProof(f.ledger, 2));
  const variants = [
    text.replace(/\nindex 2\n/u, '\nindex 02\n'),
    text.replace(/\nindex 2\n/u, '\nindex  2\n'),
    text.replace(/\nindex 2\n/u, '\nIndex 2\n'),
    text.replace('\n\n', '\n\n\n'),
    text.replace(TLOG_PROOF_HEADER, `${TLOG_PROOF_HEADER} `),
    text.replace(/\n/gu, '\r\n'),
    `\uFEFF${text}`,
    text.replace(/^(extra .*)$/mu, '$1\n$1'),
    text.slice(0, -1),
    `${text}\n`,
  ];
  for (const variant of variants) {
    assert.notEqual(variant, text);
    assert.throws(() => parseTlogProof(variant), isDomainErrorCode('LEDGER.PROOF_MALFORMED'), JSON.stringify(variant.slice(0, 80)));
  }
});

test('property: every single-byte change to a proof file is refused (seeded)', (t) => {
  const f = threeBlocks(t);
  const bytes = Buffer.from(formatTlogProof(buildTlogProof(f.ledger, 4)));
  assert.ok(verifyTlogProof(bytes, policyOf(f)).ok);
  fc.assert(
    fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (position, delta) => {
      const changed = Buffer.from(bytes);
      changed[position] = ((changed[position] as number) + delta) % 256;
      return !verifyTlogProof(changed, policyOf(f)).ok;
    }),
    { seed: 20261122, numRuns: 3000 },
  );
  // and exhaustively: every position, with seeded replacement bytes
  const deltas = fc.sample(fc.integer({ min: 1, max: 255 }), { seed: 7, numRuns: bytes.length });
  for (let position = 0; position < bytes.length; position += 1) {
    const changed = Buffer.from(bytes);
    changed[position] = ((changed[position] as number) + (deltas[position] as number)) % 256;
    assert.equal(verifyTlogProof(changed, policyOf(f)).ok, false, `byte ${position}`);
  }
});

test('property: every changed, dropped or repeated line is refused (seeded)', (t) => {
  const f = threeBlocks(t);
  const text = formatTlogProof(buildTlogProof(f.ledger, 5));
  const lines = text.split('\n');
  fc.assert(
    fc.property(fc.nat({ max: lines.length - 2 }), fc.string({ maxLength: 90 }), fc.constantFrom('replace', 'drop', 'repeat'), (at, replacement, how) => {
      const changed = [...lines];
      if (how === 'replace') {
        fc.pre(replacement !== lines[at]);
        changed[at] = replacement;
      } else if (how === 'drop') changed.splice(at, 1);
      else changed.splice(at, 0, lines[at] as string);
      return !verifyTlogProof(changed.join('\n'), policyOf(f)).ok;
    }),
    { seed: 1122, numRuns: 1500 },
  );
});

test('a proof built before a reversal still verifies, as of its checkpoint size', (t) => {
  const f = threeBlocks(t);
  const before = formatTlogProof(buildTlogProof(f.ledger, 2));
  // later entries (a reversal would be one) grow the log; the old proof stays valid for size 6
  appendMany(f, 5);
  sealAndCosign(f, 1_795_000_500);
  const verdict = verifyTlogProof(before, policyOf(f));
  assert.ok(verdict.ok && verdict.size === 6);
  // and a proof built now for the same entry is still against the smallest cosigned checkpoint
  assert.equal(formatTlogProof(buildTlogProof(f.ledger, 2)), before);
});
