// The tax-bureau node and the platform on 127.0.0.1: as their own processes where a node is
// killed and restarted, booted in this process (same boot code, real ports) elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  equalBytes, fromBase64, openCheckpoint, parseCosignatureLine, parseNote, rootAt, verifyCosignature, verifyInclusion, signCheckpoint, generateSeed, signerFromSeed,
} from '../../src/ledger/index.js';
import { openDatabase, MIRROR_SCHEMA } from '../../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { mirrorFile } from '../../src/tax-node/node.js';
import { createLedgerFixture, demoSigner, sampleEntry, type LedgerFixture } from '../support/ledger-fixture.js';
import { DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';
import { postGraphql, postWebhook, startService, type ServiceProcess } from '../support/process.js';
import { startInProcess } from '../support/in-process.js';
import { waitFor } from '../support/wait.js';
import { randomBytes } from 'node:crypto';

const ORIGIN = 'demo.chain-invoice.local/ledger';
const platformKey = demoSigner('platform-ledger');
const witnessKey = demoSigner('tax-node-witness');

function tmp(t: { after: (fn: () => void) => void }, name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `chain-invoice-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startTaxNode(dataDir: string, port?: number): Promise<ServiceProcess> {
  return startService({ entry: 'src/cli/tax-node.ts', dataDir, ...(port ? { port } : {}) });
}

/**
 * A tax node and a platform replicating to it, booted in this process on real ports (the
 * process boundary is the restart test's subject, not these), shut down after the test.
 */
async function bothNodes(t: { after: (fn: () => unknown) => void }) {
  const taxDir = tmp(t, 'tax');
  const platformDir = tmp(t, 'platform');
  const tax = await startInProcess({ node: 'tax-node', dataDir: taxDir });
  const platform = await startInProcess({ node: 'platform', dataDir: platformDir, env: { TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: '50' } });
  t.after(async () => {
    await platform.shutdown();
    await tax.shutdown();
  });
  return { taxDir, platformDir, tax, platform };
}

async function issueOne(url: string, amount: number): Promise<{ number: string; issueDate: string; gross: string; ledgerIndex: number }> {
  const n = randomBytes(6).toString('hex');
  const hook = await postWebhook(url, {
    id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id,
    data: { paymentId: `wx_${n}`, amount, currency: 'CNY', paidAt: new Date().toISOString(), description: 'tax node test' },
  }, DEMO_MERCHANT.webhookSecret);
  assert.equal(hook.status, 200);
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(url, 'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "91440300MA5BUYER26" } }) { id } }', { t: hook.body['applyToken'] });
  const issued = await postGraphql<{ issueInvoice: { number: string; issueDate: string; gross: string; ledgerIndex: number } }>(
    url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { number issueDate gross ledgerIndex } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  assert.ok(issued.data, JSON.stringify(issued.errors));
  return issued.data.issueInvoice;
}

async function platformHead(url: string): Promise<{ size: number; cosigned: boolean }> {
  const r = await postGraphql<{ ledgerHead: { size: number; cosignatures: unknown[] } | null }>(url, '{ ledgerHead { size cosignatures { keyName } } }', {}, DEMO_MERCHANT.apiKey);
  const head = r.data?.ledgerHead;
  return { size: head?.size ?? 0, cosigned: (head?.cosignatures.length ?? 0) > 0 };
}

async function allCosigned(url: string, entries: number): Promise<boolean> {
  const head = await platformHead(url);
  return head.size === entries && head.cosigned;
}

/** Compares both nodes' stores after they stopped: same root at every size, every checkpoint cosigned. */
function compareStores(platformDir: string, taxDir: string): { size: number; checkpoints: number } {
  const pdb = openDatabase(path.join(platformDir, 'platform.db'), { readonly: true });
  const tdb = openDatabase(mirrorFile(taxDir, ORIGIN), { readonly: true });
  try {
    const p = createSqliteLedgerStore(pdb);
    const m = createSqliteLedgerStore(tdb);
    assert.equal(m.size(), p.size(), 'the mirror holds every entry');
    for (let size = 1; size <= p.size(); size += 1) assert.ok(equalBytes(rootAt(p, size), rootAt(m, size)), `roots differ at size ${size}`);
    const checkpoints = p.checkpointsAfter(0, 100_000);
    for (const c of checkpoints) {
      assert.equal(p.cosignatures(c.size).length, 1, `platform checkpoint ${c.size} carries the cosignature`);
      assert.equal(m.checkpoint(c.size)?.note, c.note, `mirror holds the signed note for ${c.size}`);
    }
    return { size: p.size(), checkpoints: checkpoints.length };
  } finally {
    pdb.close();
    tdb.close();
  }
}

test('steady flow: every block cosigned, both nodes\' roots equal at every size', async (t) => {
  const { taxDir, platformDir, tax, platform } = await bothNodes(t);
  // two halves with a seal between them, so there are at least two blocks however fast the requests run
  for (let i = 0; i < 6; i += 1) await issueOne(platform.url, 1000 + i);
  await waitFor('the first half sealed', async () => (await platformHead(platform.url)).size === 18);
  for (let i = 6; i < 12; i += 1) await issueOne(platform.url, 1000 + i);
  await waitFor('every entry cosigned', () => allCosigned(platform.url, 36));
  const final = await postGraphql<{ invoices: { edges: Array<{ node: { final: boolean } }> } }>(platform.url, '{ invoices(first: 50) { edges { node { final } } } }', {}, DEMO_MERCHANT.apiKey);
  assert.ok(final.data?.invoices.edges.every((e) => e.node.final), 'every invoice is final');
  await assert.doesNotReject(platform.shutdown(), 'the platform shuts down cleanly');
  await assert.doesNotReject(tax.shutdown(), 'the tax node shuts down cleanly');
  const compared = compareStores(platformDir, taxDir);
  assert.equal(compared.size, 36);
  assert.ok(compared.checkpoints >= 2, `${compared.checkpoints} blocks`);
});

test('the tax node killed mid-stream and restarted: the platform catches it up with no gap and no duplicate', async (t) => {
  const taxDir = tmp(t, 'tax');
  const platformDir = tmp(t, 'platform');
  // the tax node's real-process test: it is SIGKILLed and restarted on the same port; the
  // platform's own process boundary is tested in persistence-and-crash, so it runs in here
  let tax = await startTaxNode(taxDir);
  const port = Number(new URL(tax.url).port);
  const platform = await startInProcess({ node: 'platform', dataDir: platformDir, env: { TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: '50' } });
  t.after(async () => {
    await platform.shutdown();
    await tax.stop('SIGKILL');
  });
  for (let i = 0; i < 5; i += 1) await issueOne(platform.url, 2000 + i);
  await waitFor('first blocks cosigned', () => allCosigned(platform.url, 15));
  await tax.stop('SIGKILL');
  // the platform keeps serving while the tax node is down
  for (let i = 0; i < 5; i += 1) await issueOne(platform.url, 3000 + i);
  // the sealer runs on its own timer: wait for the new block to exist before asking about it
  await waitFor('the new entries sealed', async () => (await platformHead(platform.url)).size === 30);
  assert.equal((await platformHead(platform.url)).cosigned, false, 'the newest block waits for the tax node');
  tax = await startTaxNode(taxDir, port);
  await waitFor('catch-up after restart', () => allCosigned(platform.url, 30), 30_000);
  await assert.doesNotReject(platform.shutdown(), 'the platform shuts down cleanly');
  assert.equal(await tax.stop('SIGTERM'), 0);
  const tdb = openDatabase(mirrorFile(taxDir, ORIGIN), { schema: MIRROR_SCHEMA });
  const indexes = tdb.prepare('SELECT idx FROM ledger_entries ORDER BY idx').pluck().all() as number[];
  tdb.close();
  assert.deepEqual(indexes, Array.from({ length: 30 }, (_, i) => i), 'no gap, no duplicate');
  compareStores(platformDir, taxDir);
});

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

async function submit(url: string, block: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/replication/blocks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(block) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function alerts(url: string): Promise<Array<{ kind: string; message: string; evidence: { kind: string; receivedNote: string | null; heldNote: string | null } | null }>> {
  const r = await postGraphql<{ alerts: { edges: Array<{ node: { kind: string; message: string; evidence: { kind: string; receivedNote: string | null; heldNote: string | null } | null } }> } }>(
    url, '{ alerts { edges { node { kind message evidence { kind receivedNote heldNote } } } } }', {}, DEMO_TAX_AUTHORITY_KEY,
  );
  return r.data?.alerts.edges.map((e) => e.node) ?? [];
}

test('a tampered leaf, an unknown key, a misplaced block and a fork are each refused with evidence and an alert', async (t) => {
  const taxDir = tmp(t, 'tax');
  const tax = await startInProcess({ node: 'tax-node', dataDir: taxDir });
  t.after(() => tax.shutdown());
  const honest = craftedLedger(t, 4, 'honest');

  // a tampered leaf: the leaves no longer reproduce the signed root
  const tampered = blockOf(honest, 0, 4);
  const leaf = Buffer.from(tampered.leaves[2] as string, 'base64');
  leaf[leaf.length - 3] = leaf[leaf.length - 3] === 0x31 ? 0x32 : 0x31;
  tampered.leaves[2] = leaf.toString('base64');
  const r1 = await submit(tax.url, tampered);
  assert.equal(r1.status, 422);
  assert.equal(r1.body['reason'], 'ROOT_MISMATCH');

  // a checkpoint signed by a key that is not the followed log's
  const stranger = signerFromSeed(ORIGIN, generateSeed());
  const cp = openCheckpoint(honest.ledger.checkpoint(4)?.note as string, platformKey.verifierKey);
  const r2 = await submit(tax.url, blockOf(honest, 0, 4, signCheckpoint({ origin: ORIGIN, size: 4, root: cp.root }, stranger)));
  assert.equal(r2.status, 422);
  assert.equal(r2.body['reason'], 'UNKNOWN_KEY');

  // the honest block is accepted and cosigned; a block that does not start where the node stands is 409
  const ok = await submit(tax.url, blockOf(honest, 0, 4));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const cosignature = parseCosignatureLine(ok.body['cosignature'] as string);
  assert.ok(verifyCosignature(parseNote(honest.ledger.checkpoint(4)?.note as string).text, cosignature, witnessKey.verifierKey));
  honest.db.transaction(() => honest.ledger.append([sampleEntry(99, honest.clock), sampleEntry(100, honest.clock)])).immediate();
  honest.ledger.seal();
  const misplaced = { ...blockOf(honest, 4, 6), firstIndex: 5, leaves: blockOf(honest, 4, 6).leaves.slice(1) };
  const r3 = await submit(tax.url, misplaced);
  assert.deepEqual([r3.status, r3.body['size']], [409, 4]);

  // a fork: the same origin signs a different root for size 4
  const forked = craftedLedger(t, 4, 'forked');
  const r4 = await submit(tax.url, blockOf(forked, 0, 4));
  assert.equal(r4.status, 422);
  assert.equal(r4.body['reason'], 'FORK');

  // newest first; the checkpoint signed by an unknown key proves nothing about the log, so it
  // is refused (422 UNKNOWN_KEY above) without an alert or evidence
  const seen = await alerts(tax.url);
  assert.deepEqual(seen.map((a) => [a.kind, a.evidence?.kind]), [
    ['FORK', 'FORK'], ['REJECTED_BLOCK', 'ROOT_MISMATCH'],
  ]);
  const fork = seen[0];
  assert.equal(fork?.evidence?.receivedNote, forked.ledger.checkpoint(4)?.note, 'the refused note is kept');
  assert.equal(fork?.evidence?.heldNote, honest.ledger.checkpoint(4)?.note, 'and the one the node holds');
  // the honest history carries on
  assert.equal((await submit(tax.url, blockOf(honest, 4, 6))).status, 200);
});

test('verifyInvoice: a real invoice with a proof against the cosigned checkpoint, a forged one and an unknown one', async (t) => {
  const { tax, platform } = await bothNodes(t);
  const invoice = await issueOne(platform.url, 12800);
  await waitFor('cosigned', () => allCosigned(platform.url, 3));
  const query = 'query($n: String!, $d: Date!, $a: Money!) { verifyInvoice(number: $n, issueDate: $d, totalAmount: $a) { authentic reason status { invoice reimbursement taxReported } ledgerIndex leafData checkpoint inclusionProof { hashes treeSize root leafHash } } }';
  type V = { verifyInvoice: { authentic: boolean; reason: string | null; status: { invoice: string } | null; ledgerIndex: number | null; leafData: string | null; checkpoint: string | null; inclusionProof: { hashes: string[]; treeSize: number; root: string; leafHash: string } | null } };

  const real = await postGraphql<V>(tax.url, query, { n: invoice.number, d: invoice.issueDate, a: '128.00' }, DEMO_TAX_AUTHORITY_KEY);
  const v = real.data?.verifyInvoice;
  assert.equal(v?.authentic, true);
  assert.deepEqual(v?.status, { invoice: 'ISSUED', reimbursement: 'NONE', taxReported: false });
  assert.equal(v?.ledgerIndex, invoice.ledgerIndex);
  // the proof verifies against the checkpoint, which carries the platform's signature and the tax node's cosignature
  const checkpoint = openCheckpoint(v?.checkpoint as string, platformKey.verifierKey);
  const cosignatureLine = (v?.checkpoint as string).trimEnd().split('\n').find((l) => l.startsWith(`\u2014 ${witnessKey.name} `)) as string;
  assert.ok(verifyCosignature(checkpoint.text, parseCosignatureLine(cosignatureLine), witnessKey.verifierKey));
  assert.ok(verifyInclusion({
    index: v?.ledgerIndex as number, size: v?.inclusionProof?.treeSize as number, root: checkpoint.root,
    leafHash: fromBase64(v?.inclusionProof?.leafHash as string) as Uint8Array,
    proof: (v?.inclusionProof?.hashes ?? []).map((h) => fromBase64(h) as Uint8Array),
  }));
  assert.equal((JSON.parse(v?.leafData as string) as { data: { number: string } }).data.number, invoice.number);

  const forged = await postGraphql<V>(tax.url, query, { n: invoice.number, d: invoice.issueDate, a: '1280.00' }, DEMO_TAX_AUTHORITY_KEY);
  assert.deepEqual([forged.data?.verifyInvoice.authentic, forged.data?.verifyInvoice.reason, forged.data?.verifyInvoice.status], [false, 'MISMATCH', null]);
  const unknown = await postGraphql<V>(tax.url, query, { n: '26449999999999999999', d: invoice.issueDate, a: '128.00' }, DEMO_TAX_AUTHORITY_KEY);
  assert.deepEqual([unknown.data?.verifyInvoice.authentic, unknown.data?.verifyInvoice.reason], [false, 'UNKNOWN']);

  // the public 查验: no key, authenticity and status only
  const anonymous = await postGraphql<V>(tax.url, query, { n: invoice.number, d: invoice.issueDate, a: '128.00' });
  assert.equal(anonymous.data?.verifyInvoice.authentic, true);
  assert.equal(anonymous.data?.verifyInvoice.status?.invoice, 'ISSUED');
  assert.deepEqual([anonymous.data?.verifyInvoice.leafData, anonymous.data?.verifyInvoice.inclusionProof, anonymous.data?.verifyInvoice.checkpoint], [null, null, null]);
  const ledgers = await postGraphql(tax.url, '{ ledgers { size } }', {});
  assert.equal((ledgers.errors?.[0] as { extensions: { code: string } }).extensions.code, 'UNAUTHENTICATED');

  const summary = await postGraphql<{ taxpayerSummary: { rates: Array<{ rate: string; count: number; net: string; tax: string }>; totalTax: string } }>(
    tax.url, 'query($p: String!) { taxpayerSummary(taxpayerId: "91440300MA5DEM012D", period: $p) { rates { rate count net tax } totalTax } }', { p: invoice.issueDate.slice(0, 7) }, DEMO_TAX_AUTHORITY_KEY,
  );
  assert.deepEqual(summary.data?.taxpayerSummary.rates, [{ rate: '6%', count: 1, net: '120.75', tax: '7.25' }]);
  // a tax report filed on the platform is recomputed by the tax node from its own copy
  const filed = await postGraphql<{ fileTaxReport: { id: string } }>(platform.url, 'mutation($p: String!) { fileTaxReport(period: $p) { id } }', { p: invoice.issueDate.slice(0, 7) }, DEMO_MERCHANT.apiKey);
  await waitFor('report cosigned', () => allCosigned(platform.url, 4));
  const checked = await postGraphql<{ verifyTaxReport: { match: boolean; version: number; lines: Array<{ rate: string; match: boolean }> } }>(
    tax.url, 'query($id: ID!) { verifyTaxReport(reportId: $id) { match version lines { rate match } } }', { id: filed.data?.fileTaxReport.id }, DEMO_TAX_AUTHORITY_KEY,
  );
  assert.deepEqual(checked.data?.verifyTaxReport, { match: true, version: 1, lines: [{ rate: '6%', match: true }] });
  const afterReport = await postGraphql<V>(tax.url, query, { n: invoice.number, d: invoice.issueDate, a: '128.00' }, DEMO_TAX_AUTHORITY_KEY);
  assert.deepEqual(afterReport.data?.verifyInvoice.status, { invoice: 'ISSUED', reimbursement: 'NONE', taxReported: true });
  const entries = await postGraphql<{ entries: { edges: Array<{ node: { type: string } }> } }>(
    tax.url, `{ entries(origin: "${ORIGIN}", filter: { type: "invoice.issued" }) { edges { node { type } } } }`, {}, DEMO_TAX_AUTHORITY_KEY,
  );
  assert.equal(entries.data?.entries.edges.length, 1);
});
