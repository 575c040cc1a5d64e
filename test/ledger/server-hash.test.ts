import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { leafHash, nodeHash, serverLeafHash, serverNodeHash } from '../../src/ledger/index.js';

test('the server\'s OpenSSL hashes equal the @noble/hashes ones byte for byte', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 9000 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (data, left, right) => {
      const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
      assert.equal(hex(serverLeafHash(data)), hex(leafHash(data)));
      assert.equal(hex(serverNodeHash(left, right)), hex(nodeHash(left, right)));
    }),
    { numRuns: 1000 },
  );
});
