// Contract of the TaxNodeClient port (src/replication/protocol.ts), run against every adapter:
// today the HTTP client, against the real tax node app listening on 127.0.0.1. Outcomes come
// back as domain values (accepted, behind with the node's size, refused with its reason), and
// a node that cannot be asked is a TAX_NODE.* error, whatever the transport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../../src/domain/index.js';
import { HttpTaxNodeClient } from '../../src/http/tax-node-client.js';
import { equalBytes, parseCosignatureLine, signCheckpoint, signerFromSeed, generateSeed, openCheckpoint, rootAt } from '../../src/ledger/index.js';
import type { BlockSubmission, TaxNodeClient } from '../../src/replication/index.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { createLedgerFixture, demoSigner, sampleEntry, type LedgerFixture } from '../support/ledger-fixture.js';
import { startTaxNodeServer } from '../support/tax-node-server.js';

const ORIGIN = 'demo.chain-invoice.local/ledger';

/** A ledger signed with the demo platform key (the one the test node follows), sealed at each of `sizes`. */
function sealedLedger(t: { after: (fn: () => void) => void }, sizes: readonly number[]): LedgerFixture {
  const f = createLedgerFixture();
  t.after(() => f.close());
  let at = 0;
  for (const size of sizes) {
    const entries = Array.from({ length: size - at }, (_, i) => sampleEntry(at + i, f.clock));
    f.db.transaction(() => f.ledger.append(entries)).immediate();
    f.ledger.seal();
    at = size;
  }
  return f;
}

function blockOf(f: LedgerFixture, from: number, to: number): BlockSubmission {
  return { origin: ORIGIN, checkpoint: f.ledger.checkpoint(to)?.note as string, firstIndex: from, leaves: [...createSqliteLedgerStore(f.db).entries(from, to)].map((e) => e.data) };
}

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isDomainError(error) && error.code === code);
}

const adapters: Array<[string, (url: string) => TaxNodeClient]> = [['HttpTaxNodeClient', (url) => new HttpTaxNodeClient(url, { requestTimeoutMs: 5_000 })]];

for (const [name, clientFor] of adapters) {
  test(`${name}: a block that starts where the node stands is accepted and cosigned; sent again, it is a duplicate`, async (t) => {
    const tax = await startTaxNodeServer(t);
    const client = clientFor(tax.url);
    const f = sealedLedger(t, [3]);
    const outcome = await client.pushBlock(blockOf(f, 0, 3));
    assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'accepted');
    assert.deepEqual([outcome.size, outcome.duplicate], [3, false]);
    assert.equal(typeof parseCosignatureLine(outcome.cosignature).timestamp, 'number');
    const again = await client.pushBlock(blockOf(f, 0, 3));
    assert.deepEqual(again, { ...outcome, duplicate: true });
  });

  test(`${name}: a block that does not start where the node stands is "behind", with the size the node holds`, async (t) => {
    const tax = await startTaxNodeServer(t);
    const client = clientFor(tax.url);
    const f = sealedLedger(t, [3, 5]);
    assert.deepEqual(await client.pushBlock(blockOf(f, 3, 5)), { kind: 'behind', size: 0 });
    assert.equal((await client.pushBlock(blockOf(f, 0, 3))).kind, 'accepted');
    assert.equal((await client.pushBlock(blockOf(f, 3, 5))).kind, 'accepted');
    const old = await client.pushBlock(blockOf(f, 0, 3));
    assert.deepEqual(old.kind === 'accepted' ? [old.size, old.duplicate] : old, [3, true], 'an old genuine block is a duplicate, not a move back');
  });

  test(`${name}: a wrong block is refused with the node's reason`, async (t) => {
    const tax = await startTaxNodeServer(t);
    const client = clientFor(tax.url);
    const f = sealedLedger(t, [3]);
    const stranger = signerFromSeed(ORIGIN, generateSeed());
    const cp = openCheckpoint(f.ledger.checkpoint(3)?.note as string, demoSigner('platform-ledger').verifierKey);
    const forged = await client.pushBlock({ ...blockOf(f, 0, 3), checkpoint: signCheckpoint({ origin: ORIGIN, size: 3, root: cp.root }, stranger) });
    assert.deepEqual(forged, { kind: 'refused', reason: 'UNKNOWN_KEY', message: 'the checkpoint is not signed by the followed log\'s key', evidenceId: null });
    const short = await client.pushBlock({ ...blockOf(f, 0, 3), leaves: blockOf(f, 0, 2).leaves });
    assert.deepEqual(short.kind === 'refused' ? [short.reason, short.evidenceId] : short, ['WRONG_COUNT', null]);
    const unknown = await client.pushBlock({ ...blockOf(f, 0, 3), origin: 'evil.example/ledger' });
    assert.deepEqual(unknown.kind === 'refused' ? unknown.reason : unknown, 'UNKNOWN_ORIGIN');
  });

  test(`${name}: status says what the node holds of a ledger, and its root at a size`, async (t) => {
    const tax = await startTaxNodeServer(t);
    const client = clientFor(tax.url);
    const f = sealedLedger(t, [3, 5]);
    assert.equal((await client.pushBlock(blockOf(f, 0, 3))).kind, 'accepted');
    const at3 = await client.status(ORIGIN, 3);
    assert.deepEqual([at3.held, at3.cosigned], [3, true]);
    assert.ok(at3.root && equalBytes(at3.root, rootAt(createSqliteLedgerStore(f.db), 3)));
    assert.deepEqual(await client.status(ORIGIN, 5), { held: 3, root: null, cosigned: false }, 'beyond what it holds: no root');
    await rejects(client.status('evil.example/ledger', 3), 'TAX_NODE.UNAVAILABLE');
  });

  test(`${name}: a node that cannot be reached is a TAX_NODE.UNREACHABLE error, worded without its address`, async () => {
    const client = clientFor('http://127.0.0.1:9');
    await assert.rejects(client.status(ORIGIN, 1), (error: unknown) => isDomainError(error) && error.code === 'TAX_NODE.UNREACHABLE' && !error.message.includes('127.0.0.1'));
    await rejects(client.pushBlock({ origin: ORIGIN, checkpoint: '', firstIndex: 0, leaves: [] }), 'TAX_NODE.UNREACHABLE');
  });
}
