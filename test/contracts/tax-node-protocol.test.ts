// The replication protocol on the wire is one module for both ends: every outcome the tax
// node's route sends is read back by the client as the very same outcome, and an answer that
// is not an outcome is never mistaken for one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockOutcomeFromHttp, blockOutcomeToHttp, decodeBlockRequest, encodeBlockRequest, statusFromHttp, statusToHttp } from '../../src/http/tax-node-protocol.js';
import { REFUSAL_REASONS, type BlockOutcome } from '../../src/replication/index.js';

test('every outcome survives the trip through HTTP unchanged, with 200, 409 or 422', () => {
  const outcomes: BlockOutcome[] = [
    { kind: 'accepted', size: 12, cosignature: '\u2014 tax-node AAAA', duplicate: false },
    { kind: 'accepted', size: 12, cosignature: '\u2014 tax-node AAAA', duplicate: true },
    { kind: 'behind', size: 0 },
    { kind: 'behind', size: 40 },
    ...REFUSAL_REASONS.map((reason): BlockOutcome => ({ kind: 'refused', reason, message: `why ${reason}`, evidenceId: reason === 'FORK' ? 'evd_1' : null })),
  ];
  for (const outcome of outcomes) {
    const answer = blockOutcomeToHttp(outcome);
    assert.equal(answer.status, { accepted: 200, behind: 409, refused: 422 }[outcome.kind]);
    assert.deepEqual(blockOutcomeFromHttp(answer.status, JSON.parse(JSON.stringify(answer.body))), { outcome }, JSON.stringify(outcome));
  }
});

test('answers that are not outcomes are problems, worded with the status and reason', () => {
  assert.deepEqual(blockOutcomeFromHttp(503, { reason: 'BUSY', message: 'try again in 1 second' }), { problem: 'tax node answered 503 BUSY: try again in 1 second' });
  assert.deepEqual(blockOutcomeFromHttp(429, { reason: 'RATE_LIMITED' }), { problem: 'tax node answered 429 RATE_LIMITED' });
  assert.ok('problem' in blockOutcomeFromHttp(200, { size: 3 }), 'accepted without a cosignature');
  assert.ok('problem' in blockOutcomeFromHttp(409, { size: -1 }));
  assert.ok('problem' in blockOutcomeFromHttp(422, { reason: 'SOMETHING_NEW' }), 'a reason outside the protocol');
  assert.ok('problem' in blockOutcomeFromHttp(200, null));
});

test('a block and a status travel both ways unchanged; bodies not of the protocol are refused', () => {
  const block = { origin: 'o', checkpoint: 'note\n', firstIndex: 3, leaves: [new Uint8Array([1, 2, 3]), new Uint8Array(0)] };
  assert.deepEqual(decodeBlockRequest(JSON.parse(JSON.stringify(encodeBlockRequest(block)))), block);
  for (const bad of [null, 'x', { origin: 'o', checkpoint: 'n', firstIndex: -1, leaves: [] }, { origin: 'o', checkpoint: 'n', firstIndex: 1.5, leaves: [] }, { origin: 'o', checkpoint: 'n', firstIndex: 0, leaves: [1] }]) {
    assert.equal(decodeBlockRequest(bad), null, JSON.stringify(bad));
  }
  const status = { held: 5, root: new Uint8Array(32).fill(7), cosigned: true };
  assert.deepEqual(statusFromHttp(200, JSON.parse(JSON.stringify(statusToHttp(status)))), status);
  assert.deepEqual(statusFromHttp(200, statusToHttp({ held: 2, root: null, cosigned: false })), { held: 2, root: null, cosigned: false });
  assert.equal(statusFromHttp(400, { reason: 'MALFORMED' }), null);
  assert.equal(statusFromHttp(200, { held: 5, root: 'not base64!' }), null);
});
