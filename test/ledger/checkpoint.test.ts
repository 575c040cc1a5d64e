import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  signCheckpoint, openCheckpoint, parseCheckpointText, formatCheckpoint, cosignCheckpoint, parseCosignatureLine, verifyCosignature,
  parseVerifierKey, formatVerifierKey, keyId, SIG_TYPE_COSIGNATURE, EMPTY_ROOT, isDomainErrorCode,
} from '../support/ledger-imports.js';
import { demoSigner } from '../support/ledger-fixture.js';

const signer = demoSigner('platform-ledger');
const witness = demoSigner('tax-node-witness');
const root = new Uint8Array(32).fill(7);
const note = signCheckpoint({ origin: signer.name, size: 42, root }, signer);

test('a signed checkpoint opens with the log key and round-trips its fields', () => {
  const opened = openCheckpoint(note, signer.verifierKey);
  assert.equal(opened.origin, signer.name);
  assert.equal(opened.size, 42);
  assert.deepEqual(opened.root, root);
  assert.equal(note.split('\n')[4]?.startsWith(`\u2014 ${signer.name} `), true);
});

test('vkeys round-trip and witnesses use key type 0x04', () => {
  assert.deepEqual(parseVerifierKey(formatVerifierKey(signer.verifierKey)), signer.verifierKey);
  assert.equal(witness.verifierKey.type, SIG_TYPE_COSIGNATURE);
  assert.deepEqual(witness.keyId, keyId(witness.name, 0x04, witness.keys.publicKey));
  assert.throws(() => parseVerifierKey(formatVerifierKey(signer.verifierKey).replace(/\+[0-9a-f]{8}\+/u, '+00000000+')), isDomainErrorCode('LEDGER.BAD_VERIFIER_KEY'));
});

const malformedNotes: Array<[string, string, string]> = [
  ['an extra blank line in the text', note.replace('\n42\n', '\n42\n\n'), 'LEDGER.CHECKPOINT_MALFORMED'],
  ['a size with a leading zero', note.replace('\n42\n', '\n042\n'), 'LEDGER.CHECKPOINT_MALFORMED'],
  ['a root that is not 32 bytes', note.replace(/\n42\n[^\n]+\n/u, `\n42\n${Buffer.alloc(31).toString('base64')}\n`), 'LEDGER.CHECKPOINT_MALFORMED'],
  ['no trailing newline', note.trimEnd(), 'LEDGER.NOTE_MALFORMED'],
  ['a blank line among the signatures', `${note}\n`, 'LEDGER.NOTE_MALFORMED'],
  ['a garbage signature line', `${note}not a signature\n`, 'LEDGER.NOTE_MALFORMED'],
];
for (const [what, text, code] of malformedNotes) {
  test(`openCheckpoint refuses ${what} (${code})`, () => {
    assert.throws(() => openCheckpoint(text, signer.verifierKey), isDomainErrorCode(code));
  });
}

test('parseCheckpointText names each malformation', () => {
  const reason = (text: string): string => {
    try {
      parseCheckpointText(text);
      return 'accepted';
    } catch (error) {
      return String((error as { details?: { reason?: string } }).details?.reason);
    }
  };
  const b64root = Buffer.from(root).toString('base64');
  assert.match(reason(`o\n042\n${b64root}\n`), /leading zeros/u);
  assert.match(reason(`o\n42\n${Buffer.from(new Uint8Array(31)).toString('base64')}\n`), /32 bytes/u);
  assert.match(reason(`o\n42\n${b64root}\n\n`), /extra blank line/u);
  assert.match(reason(`o\n42\n${b64root}\next\n`), /extension/u);
  assert.match(reason(`o\n42\n`), /origin, size and root/u);
  assert.match(reason(`o\n9007199254740993\n${b64root}\n`), /2\^53/u);
  assert.equal(reason(formatCheckpoint({ origin: 'o', size: 0, root: EMPTY_ROOT })), 'accepted');
});

test('a checkpoint signed by an unknown key, or re-signed with another root, is refused', () => {
  const stranger = demoSigner('tax-node-witness');
  assert.throws(() => openCheckpoint(note, { ...stranger.verifierKey, type: 1 }), isDomainErrorCode('LEDGER.UNKNOWN_KEY'));
  const otherRoot = note.replace(Buffer.from(root).toString('base64'), Buffer.from(new Uint8Array(32).fill(8)).toString('base64'));
  assert.throws(() => openCheckpoint(otherRoot, signer.verifierKey), isDomainErrorCode('LEDGER.BAD_SIGNATURE'));
});

test('cosignatures: timestamped, bound to the checkpoint text and to the witness key', () => {
  const text = note.slice(0, note.indexOf('\n\n') + 1);
  const cosignature = cosignCheckpoint(text, witness, 1_795_000_000);
  const parsed = parseCosignatureLine(cosignature.line);
  assert.equal(parsed.timestamp, 1_795_000_000);
  assert.equal(verifyCosignature(text, parsed, witness.verifierKey), true);
  assert.equal(verifyCosignature(text.replace('42', '43'), parsed, witness.verifierKey), false);
  assert.equal(verifyCosignature(text, { ...parsed, timestamp: 1_795_000_001 }, witness.verifierKey), false);
  assert.equal(verifyCosignature(text, parsed, signer.verifierKey), false);
  assert.throws(() => parseCosignatureLine('\u2014 x AAAA'), isDomainErrorCode('LEDGER.COSIGNATURE_MALFORMED'));
});
