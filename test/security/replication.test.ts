// Issue 10, finding 2: POST /replication/blocks is open to anyone, so nothing that is not
// signed by the followed log may reach the disk, a body is never larger than the largest
// legitimate block, refused requests are throttled per source, and what is kept is evidence
// the tax authority sees first. Real HTTP against the real tax node app, real SQLite files,
// real signatures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  fromBase64, generateSeed, MAX_ENTRY_BYTES, openCheckpoint, serverLeafHash, signCheckpoint, signerFromSeed, toBase64,
} from '../../src/ledger/index.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { maxBlockBodyBytes } from '../../src/witness/index.js';
import { LARGE_BODY_BYTES, MAX_LARGE_BODIES } from '../../src/tax-node/app.js';
import { createLedgerFixture, demoSigner, sampleEntry, type LedgerFixture } from '../support/ledger-fixture.js';
import { DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';
import { postGraphql } from '../support/process.js';
import { startTaxNodeServer } from '../support/tax-node-server.js';

const ORIGIN = 'demo.chain-invoice.local/ledger';
const platformKey = demoSigner('platform-ledger');

/** A ledger of our own, signed with the demo platform key, to craft blocks by hand. */
function craftedLedger(t: { after: (fn: () => void) => void }, count: number, tag: string): LedgerFixture {
  const f = createLedgerFixture();
  t.after(() => f.close());
  f.db.transaction(() => f.ledger.append(Array.from({ length: count }, (_, i) => ({ ...sampleEntry(i, f.clock), data: { ...sampleEntry(i, f.clock).data, description: tag } })))).immediate();
  f.ledger.seal();
  return f;
}

function blockOf(f: LedgerFixture, from: number, to: number, note?: string) {
  const leaves = [...createSqliteLedgerStore(f.db).entries(from, to)].map((e) => Buffer.from(e.data).toString('base64'));
  return { origin: ORIGIN, checkpoint: note ?? (f.ledger.checkpoint(to)?.note as string), firstIndex: from, leaves };
}

function withLeafChanged(block: ReturnType<typeof blockOf>, i: number) {
  const leaf = Buffer.from(block.leaves[i] as string, 'base64');
  leaf[leaf.length - 3] = leaf[leaf.length - 3] === 0x31 ? 0x32 : 0x31;
  return { ...block, leaves: block.leaves.map((l, j) => (j === i ? leaf.toString('base64') : l)) };
}

/** The note with one byte of its signature flipped: still well-formed, no longer valid. */
function withBadSignature(note: string): string {
  const lines = note.split('\n');
  const at = lines.findIndex((l) => l.startsWith('\u2014 '));
  const parts = (lines[at] as string).split(' ');
  const sig = fromBase64(parts[2] as string) as Uint8Array;
  sig[10] = (sig[10] as number) ^ 0xff;
  lines[at] = `${parts[0]} ${parts[1]} ${toBase64(sig)}`;
  return lines.join('\n');
}

async function post(url: string, body: string | object): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/replication/blocks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

interface AlertView { kind: string; severity: string; count: number; firstSeen: string; lastSeen: string; evidence: { kind: string; receivedNote: string | null; heldNote: string | null; detail: string } | null }
async function alerts(url: string): Promise<AlertView[]> {
  const r = await postGraphql<{ alerts: { edges: Array<{ node: AlertView }> } }>(
    url, '{ alerts { edges { node { kind severity count firstSeen lastSeen evidence { kind receivedNote heldNote detail } } } } }', {}, DEMO_TAX_AUTHORITY_KEY,
  );
  assert.ok(r.data, JSON.stringify(r.errors));
  return r.data.alerts.edges.map((e) => e.node);
}

test('junk, unknown origins and bad signatures are refused, leave no row, and are counted', async (t) => {
  const tax = await startTaxNodeServer(t, { replicationRefusedPerMinute: 10_000 });
  const honest = craftedLedger(t, 3, 'honest');
  const stranger = signerFromSeed(ORIGIN, generateSeed());
  const cp = openCheckpoint(honest.ledger.checkpoint(3)?.note as string, platformKey.verifierKey);
  const junk: Array<[string | object, number, string]> = [
    ['{"origin":', 400, 'BODY_MALFORMED'],
    [{ hello: 'world' }, 400, 'BODY_MALFORMED'],
    [{ ...blockOf(honest, 0, 3), origin: 'evil.example/ledger' }, 422, 'UNKNOWN_ORIGIN'],
    [{ ...blockOf(honest, 0, 3), checkpoint: 'x'.repeat(20_000) }, 422, 'MALFORMED'],
    [{ ...blockOf(honest, 0, 3), checkpoint: 'not a note\n' }, 422, 'MALFORMED'],
    [blockOf(honest, 0, 3, signCheckpoint({ origin: ORIGIN, size: 3, root: cp.root }, stranger)), 422, 'UNKNOWN_KEY'],
    [blockOf(honest, 0, 3, withBadSignature(honest.ledger.checkpoint(3)?.note as string)), 422, 'BAD_SIGNATURE'],
  ];
  for (let round = 0; round < 30; round += 1) {
    for (const [body, status, reason] of junk) {
      const r = await post(tax.url, body);
      assert.equal(r.status, status, `${reason}: ${JSON.stringify(r.body)}`);
      if (status === 422) assert.deepEqual([r.body['reason'], r.body['evidenceId']], [reason, null]);
    }
  }
  assert.equal(tax.rows('tn_evidence'), 0, 'no evidence row');
  assert.equal(tax.rows('tn_alerts'), 0, 'no alert row');
  assert.equal(tax.node.followed.get(ORIGIN)?.mirror.ledger.size(), 0);
  assert.deepEqual(tax.node.counters.refusedBlocks, { BODY_MALFORMED: 60, UNKNOWN_ORIGIN: 30, MALFORMED: 60, UNKNOWN_KEY: 30, BAD_SIGNATURE: 30 });
  const ready = (await (await fetch(`${tax.url}/readyz`)).json()) as { counters: { refusedBlocks: Record<string, number> } };
  assert.equal(ready.counters.refusedBlocks['BAD_SIGNATURE'], 30, '/readyz shows the counters');
  // the honest block is still accepted
  assert.equal((await post(tax.url, blockOf(honest, 0, 3))).status, 200);
});

test('a signed block of the wrong length is refused without a row: its leaves are not what the log signed', async (t) => {
  const tax = await startTaxNodeServer(t);
  const honest = craftedLedger(t, 3, 'honest');
  const short = { ...blockOf(honest, 0, 3), leaves: blockOf(honest, 0, 3).leaves.slice(0, 2) };
  const r = await post(tax.url, short);
  assert.deepEqual([r.status, r.body['reason'], r.body['evidenceId']], [422, 'WRONG_COUNT', null]);
  assert.deepEqual([tax.rows('tn_evidence'), tax.rows('tn_alerts')], [0, 0]);
  assert.equal(tax.node.counters.refusedBlocks['WRONG_COUNT'], 1);
});

test('the body limit fits the largest legitimate block and no more: beyond it 413, nothing written', async (t) => {
  const tax = await startTaxNodeServer(t, { blockMaxEntries: 2 });
  const limit = maxBlockBodyBytes(2);
  // the largest block the platform can seal with BLOCK_MAX_ENTRIES = 2: two leaves of MAX_ENTRY_BYTES
  const big = createLedgerFixture();
  t.after(() => big.close());
  big.db.transaction(() => big.ledger.appendLeafData([new Uint8Array(MAX_ENTRY_BYTES).fill(0x41), new Uint8Array(MAX_ENTRY_BYTES).fill(0x42)])).immediate();
  big.ledger.seal();
  const largest = blockOf(big, 0, 2);
  assert.ok(JSON.stringify(largest).length <= limit);
  const accepted = await post(tax.url, largest);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));

  // (its leaves are not ledger entries: the indexer raises one MALFORMED_ENTRY alert each)
  const before = [tax.rows('tn_evidence'), tax.rows('tn_alerts')];
  const oversize = JSON.stringify({ ...largest, leaves: [...largest.leaves, 'A'.repeat(limit)] });
  assert.ok(oversize.length > limit);
  const r = await post(tax.url, oversize);
  assert.equal(r.status, 413);
  assert.deepEqual([tax.rows('tn_evidence'), tax.rows('tn_alerts')], before);
  assert.equal(tax.node.followed.get(ORIGIN)?.mirror.ledger.size(), 2);
  assert.equal(tax.node.counters.refusedBlocks['BODY_TOO_LARGE'], 1);
});

test('per source, refused requests beyond the budget get 429 with Retry-After; accepted blocks cost nothing', async (t) => {
  const tax = await startTaxNodeServer(t, { replicationRefusedPerMinute: 3 });
  const honest = craftedLedger(t, 2, 'honest');
  for (let i = 0; i < 10; i += 1) {
    honest.db.transaction(() => honest.ledger.append([sampleEntry(100 + i, honest.clock)])).immediate();
    honest.ledger.seal();
  }
  // ten accepted blocks in a row: a platform catching up is never throttled
  assert.equal((await post(tax.url, blockOf(honest, 0, 2))).status, 200);
  for (let size = 3; size < 12; size += 1) {
    assert.equal((await post(tax.url, blockOf(honest, size - 1, size))).status, 200);
  }
  for (let i = 0; i < 3; i += 1) assert.equal((await post(tax.url, { junk: i })).status, 400);
  const limited = await post(tax.url, blockOf(honest, 11, 12));
  assert.equal(limited.status, 429);
  assert.equal(limited.body['reason'], 'RATE_LIMITED');
  const retryAfter = Number(limited.retryAfter);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120, `Retry-After ${limited.retryAfter}`);
  assert.match(String(limited.body['message']), new RegExp(`try again in ${retryAfter} seconds`));
  assert.equal(tax.node.counters.refusedBlocks['RATE_LIMITED'], 1);
  // (Retry-After is when the refused window stops being the current one; it still weighs on
  // the next window in proportion to its overlap, so two windows on it is certainly gone)
  tax.clock.advance(120_000);
  assert.equal((await post(tax.url, blockOf(honest, 11, 12))).status, 200, 'served again once the window has slid');
});

test('a fork with a valid signature keeps both notes as evidence; alerts are newest first with a severity', async (t) => {
  const tax = await startTaxNodeServer(t);
  const honest = craftedLedger(t, 4, 'honest');
  assert.equal((await post(tax.url, blockOf(honest, 0, 4))).status, 200);
  // a signed next block whose leaves do not give its root
  honest.db.transaction(() => honest.ledger.append([sampleEntry(50, honest.clock), sampleEntry(51, honest.clock)])).immediate();
  honest.ledger.seal();
  const mismatch = await post(tax.url, withLeafChanged(blockOf(honest, 4, 6), 1));
  assert.deepEqual([mismatch.status, mismatch.body['reason']], [422, 'ROOT_MISMATCH']);
  tax.clock.advance(1000);
  const forked = craftedLedger(t, 4, 'forked');
  const fork = await post(tax.url, blockOf(forked, 0, 4));
  assert.deepEqual([fork.status, fork.body['reason']], [422, 'FORK']);
  assert.equal(typeof fork.body['evidenceId'], 'string');

  const seen = await alerts(tax.url);
  assert.deepEqual(seen.map((a) => [a.kind, a.severity, a.count, a.evidence?.kind]), [
    ['FORK', 'CRITICAL', 1, 'FORK'],
    ['REJECTED_BLOCK', 'HIGH', 1, 'ROOT_MISMATCH'],
  ]);
  assert.equal(seen[0]?.evidence?.receivedNote, forked.ledger.checkpoint(4)?.note, 'the refused note is kept');
  assert.equal(seen[0]?.evidence?.heldNote, honest.ledger.checkpoint(4)?.note, 'and the one the node holds');
  assert.equal(seen[0]?.firstSeen, seen[0]?.lastSeen);
  const detail = JSON.parse(seen[1]?.evidence?.detail as string) as { leafHashes: string[] };
  assert.equal(detail.leafHashes.length, 2, 'the received leaf hashes are kept');
  assert.equal((await post(tax.url, blockOf(honest, 4, 6))).status, 200, 'the honest history carries on');
});

test('repeats of one fork are one alert with a count and first and last seen', async (t) => {
  const tax = await startTaxNodeServer(t);
  const honest = craftedLedger(t, 4, 'honest');
  assert.equal((await post(tax.url, blockOf(honest, 0, 4))).status, 200);
  const forked = craftedLedger(t, 4, 'forked');
  const first = tax.clock.now().toISOString();
  for (let i = 0; i < 25; i += 1) {
    assert.equal((await post(tax.url, blockOf(forked, 0, 4))).body['reason'], 'FORK');
    tax.clock.advance(1000);
  }
  const seen = await alerts(tax.url);
  assert.equal(seen.length, 1);
  assert.deepEqual([seen[0]?.kind, seen[0]?.severity, seen[0]?.count, seen[0]?.firstSeen], ['FORK', 'CRITICAL', 25, first]);
  assert.equal(seen[0]?.lastSeen, new Date(Date.parse(first) + 24_000).toISOString());
  assert.equal(tax.rows('tn_evidence'), 1, 'the first evidence is kept, repeats add none');
  assert.equal(tax.node.counters.refusedBlocks['FORK'], 25);
});

test('an old block replayed with a modified leaf is refused and alerted, without a cosignature', async (t) => {
  const tax = await startTaxNodeServer(t);
  const honest = craftedLedger(t, 4, 'honest');
  const accepted = await post(tax.url, blockOf(honest, 0, 4));
  assert.equal(accepted.status, 200);
  const replay = withLeafChanged(blockOf(honest, 0, 4), 2);
  const r = await post(tax.url, replay);
  assert.deepEqual([r.status, r.body['reason']], [422, 'LEAF_MISMATCH']);
  assert.equal(r.body['cosignature'], undefined, 'no cosignature for leaves the log never signed');
  const seen = await alerts(tax.url);
  assert.deepEqual(seen.map((a) => [a.kind, a.severity, a.evidence?.kind]), [['REJECTED_BLOCK', 'HIGH', 'ROOT_MISMATCH']]);
  const detail = JSON.parse(seen[0]?.evidence?.detail as string) as { replayed: boolean; mismatchedLeaves: number; differences: Array<{ index: number; received: string; held: string }> };
  const store = createSqliteLedgerStore(honest.db);
  assert.deepEqual(detail.differences, [{
    index: 2, received: toBase64(serverLeafHash(Buffer.from(replay.leaves[2] as string, 'base64'))), held: toBase64(store.entry(2)?.leafHash as Uint8Array),
  }]);
  assert.deepEqual([detail.replayed, detail.mismatchedLeaves], [true, 1]);
  // the node's copy is unchanged, and the genuine replay is still answered with the cosignature
  assert.equal(tax.node.followed.get(ORIGIN)?.mirror.ledger.size(), 4);
  const again = await post(tax.url, blockOf(honest, 0, 4));
  assert.deepEqual([again.status, again.body['duplicate'], again.body['cosignature']], [200, true, accepted.body['cosignature']]);
});

/** Starts a large upload and keeps it open: headers and the first bytes only. */
function holdLargeUpload(url: string): http.ClientRequest {
  const target = new URL(`${url}/replication/blocks`);
  const req = http.request({
    host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(4 * LARGE_BODY_BYTES) },
  });
  req.on('error', () => undefined);
  req.write('{"origin":"');
  return req;
}

async function waitFor(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('large bodies are received a few at a time (bounded memory); everyday blocks are not held up', async (t) => {
  const tax = await startTaxNodeServer(t);
  const held = Array.from({ length: MAX_LARGE_BODIES }, () => holdLargeUpload(tax.url));
  t.after(() => held.forEach((r) => r.destroy()));
  await waitFor('the large uploads to be admitted', () => tax.node.counters.largeBlocksInFlight === MAX_LARGE_BODIES);
  const large = JSON.stringify({ pad: 'x'.repeat(LARGE_BODY_BYTES) });
  const busy = await post(tax.url, large);
  assert.deepEqual([busy.status, busy.retryAfter, busy.body['reason']], [503, '1', 'BUSY']);
  const honest = craftedLedger(t, 3, 'honest');
  assert.equal((await post(tax.url, blockOf(honest, 0, 3))).status, 200, 'a block under 1 MB is not queued behind them');
  held.forEach((r) => r.destroy());
  await waitFor('the slots to free up', () => tax.node.counters.largeBlocksInFlight === 0);
  assert.equal((await post(tax.url, large)).status, 400, 'read and refused as usual once a slot is free');
  assert.deepEqual([tax.rows('tn_evidence'), tax.rows('tn_alerts')], [0, 0]);
});
