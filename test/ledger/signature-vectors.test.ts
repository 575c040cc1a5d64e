import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  keyPairFromSeed, signEd25519, verifyEd25519, parseVerifierKey, parseNote, openNote, keyId, SIG_TYPE_ED25519,
} from '../../src/ledger/index.js';
import { VECTORS_DIR, readVectorJson } from '../support/vectors.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

interface Rfc8032 { vectors: Array<{ name: string; secretKey: string; publicKey: string; message: string; signature: string }> }
const rfc = readVectorJson<Rfc8032>(path.join(VECTORS_DIR, 'ed25519/rfc8032-section7.1.json'));

for (const v of rfc.vectors) {
  test(`RFC 8032 §7.1 ${v.name}: derived key, signature and verification match`, () => {
    const pair = keyPairFromSeed(hex(v.secretKey));
    assert.equal(Buffer.from(pair.publicKey).toString('hex'), v.publicKey);
    const signature = signEd25519(pair.privateKey, hex(v.message));
    assert.equal(Buffer.from(signature).toString('hex'), v.signature);
    assert.equal(verifyEd25519(hex(v.publicKey), hex(v.message), hex(v.signature)), true);
    const tampered = hex(v.signature);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    assert.equal(verifyEd25519(hex(v.publicKey), hex(v.message), tampered), false);
  });
}

interface Wycheproof {
  testGroups: Array<{ publicKey: { pk: string }; tests: Array<{ tcId: number; comment: string; msg: string; sig: string; result: string }> }>;
}
const wycheproof = readVectorJson<Wycheproof>(path.join(VECTORS_DIR, 'ed25519/wycheproof-ed25519.json'));

test('Wycheproof Ed25519: every test case gets its expected result', () => {
  let count = 0;
  const wrong: string[] = [];
  for (const group of wycheproof.testGroups) {
    for (const t of group.tests) {
      count += 1;
      const ok = verifyEd25519(hex(group.publicKey.pk), hex(t.msg), hex(t.sig));
      if (ok !== (t.result === 'valid')) wrong.push(`tcId ${t.tcId} (${t.comment}): got ${ok}, want ${t.result}`);
    }
  }
  assert.ok(count >= 150, `ran ${count} cases`);
  assert.deepEqual(wrong, []);
});

interface NoteExample {
  vkey: string; noteUtf8: string;
  expect: { keyName: string; keyIdHex: string; signatureType: number; publicKeyHex: string; signedTextUtf8: string; valid: boolean };
}
const example = readVectorJson<NoteExample>(path.join(VECTORS_DIR, 'signed-note-example.json'));

test('the C2SP signed-note example: vkey, key id and signature all check out', () => {
  const key = parseVerifierKey(example.vkey);
  assert.equal(key.name, example.expect.keyName);
  assert.equal(Buffer.from(key.keyId).toString('hex'), example.expect.keyIdHex);
  assert.equal(key.type, example.expect.signatureType);
  assert.equal(Buffer.from(key.publicKey).toString('hex'), example.expect.publicKeyHex);
  assert.deepEqual(keyId(key.name, SIG_TYPE_ED25519, key.publicKey), key.keyId);
  const parsed = parseNote(example.noteUtf8);
  assert.equal(parsed.text, example.expect.signedTextUtf8);
  const opened = openNote(example.noteUtf8, [key]);
  assert.equal(opened.text, example.expect.signedTextUtf8);
  assert.equal(example.expect.valid, true);
});

test('the C2SP example with one flipped signature bit is refused as BAD_SIGNATURE', () => {
  const key = parseVerifierKey(example.vkey);
  const line = example.noteUtf8.trimEnd().split('\n').at(-1) ?? '';
  const encoded = line.split(' ').at(-1) ?? '';
  const raw = Buffer.from(encoded, 'base64');
  raw[10] = (raw[10] ?? 0) ^ 0x01;
  const forged = example.noteUtf8.replace(encoded, raw.toString('base64'));
  assert.throws(() => openNote(forged, [key]), (e: unknown) => (e as { code?: string }).code === 'LEDGER.BAD_SIGNATURE');
});
