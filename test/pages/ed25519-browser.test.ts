// The browser's Ed25519 (@noble/curves, RFC 8032 strict) agrees with node:crypto's, which
// signs and verifies everywhere else: on valid signatures, on every single-bit change, and on
// malformed keys and signatures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc, { FC_SEED } from '../support/fast-check.js';
import { keyPairFromSeed, signEd25519, verifyEd25519 as nodeVerify } from '../../src/ledger/ed25519.js';
import { verifyEd25519 as browserVerify } from '../../src/pages/browser/ed25519.js';

test('the browser Ed25519 verifier gives node:crypto\'s answer on valid and altered signatures, keys and messages', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.constantFrom('sig', 'key', 'msg'), (seed, message, at, what) => {
    const pair = keyPairFromSeed(seed);
    const sig = signEd25519(pair.privateKey, message);
    assert.equal(browserVerify(pair.publicKey, message, sig), true);
    assert.equal(nodeVerify(pair.publicKey, message, sig), true);
    const flip = (b: Uint8Array): Uint8Array => {
      const c = b.slice();
      if (c.length > 0) c[at % c.length] = (c[at % c.length] as number) ^ (1 << (at % 8));
      return c;
    };
    const [k, m, s] = what === 'key' ? [flip(pair.publicKey), message, sig] : what === 'msg' ? [pair.publicKey, flip(message), sig] : [pair.publicKey, message, flip(sig)];
    assert.equal(browserVerify(k, m, s), nodeVerify(k, m, s));
  }), { seed: FC_SEED, numRuns: 200 });
  assert.equal(browserVerify(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64)), false);
  assert.equal(browserVerify(new Uint8Array(32).fill(0xff), new Uint8Array(0), new Uint8Array(64)), nodeVerify(new Uint8Array(32).fill(0xff), new Uint8Array(0), new Uint8Array(64)));
});
