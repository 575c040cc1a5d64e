// The platform as a real process on 127.0.0.1 (its one real-process test: SIGTERM and SIGKILL):
// a restart keeps everything; a SIGKILL in the middle of webhooks and issuance loses nothing
// that was acknowledged and leaves nothing half-written. Reopening the files after the process
// ended is done in this process, by the same boot code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runVerifyLedger } from '../../src/cli/verify-ledger-command.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { createSqliteInvoiceStore } from '../../src/storage/sqlite/invoice-store.js';
import { createSqlitePaymentStore } from '../../src/storage/sqlite/payment-store.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { DEMO_MERCHANT } from '../support/platform-harness.js';
import { postGraphql, postWebhook, startService } from '../support/process.js';
import { startInProcess } from '../support/in-process.js';
import { waitFor } from '../support/wait.js';

function event(amount: number): Record<string, unknown> {
  const n = randomBytes(6).toString('hex');
  return {
    id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id,
    data: { paymentId: `wx_${n}`, amount, currency: 'CNY', paidAt: new Date().toISOString(), description: 'crash test' },
  };
}

/** `verify-ledger --data DIR`, in this process (its binary has its own test in verify-ledger-cli). */
function verifyLedgerCli(dataDir: string): { status: number | null; out: string } {
  let out = '';
  const status = runVerifyLedger(['--data', dataDir], { out: (line) => (out += `${line}\n`), err: (line) => (out += `${line}\n`) });
  return { status, out };
}

async function issueFlow(url: string, amount: number): Promise<{ eventId: string; paymentId?: string; invoiceId?: string; number?: string }> {
  const e = event(amount);
  const hook = await postWebhook(url, e, DEMO_MERCHANT.webhookSecret);
  if (hook.status !== 200) return { eventId: e['id'] as string };
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(url, 'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "测试" } }) { id } }', { t: hook.body['applyToken'] });
  const paymentId = hook.body['paymentId'] as string;
  if (!applied.data) return { eventId: e['id'] as string, paymentId };
  const invoiceId = applied.data.applyForInvoice.id;
  const issued = await postGraphql<{ issueInvoice: { number: string } }>(url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id: invoiceId }, DEMO_MERCHANT.apiKey);
  return { eventId: e['id'] as string, paymentId, invoiceId, ...(issued.data ? { number: issued.data.issueInvoice.number } : {}) };
}

test('stop and restart on the same DATA_DIR: everything is there and the ledger verifies', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-restart-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startService({ dataDir });
  const done = await issueFlow(first.url, 4200);
  assert.ok(done.number, first.output());
  assert.equal(await first.stop('SIGTERM'), 0, first.output());

  // the reopening needs no process of its own: same boot code, in this process
  const second = await startInProcess({ node: 'platform', dataDir });
  t.after(() => second.shutdown());
  const found = await postGraphql<{ invoiceByNumber: { id: string; status: string; gross: string; final: boolean } }>(
    second.url, 'query($n: String!) { invoiceByNumber(number: $n) { id status gross final } }', { n: done.number }, DEMO_MERCHANT.apiKey,
  );
  assert.deepEqual(found.data?.invoiceByNumber, { id: done.invoiceId, status: 'ISSUED', gross: '42.00', final: false });
  const head = await postGraphql<{ ledgerHead: { size: number } }>(second.url, '{ ledgerHead { size } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(head.data?.ledgerHead.size, 3, 'graceful shutdown sealed the last block');
  await assert.doesNotReject(second.shutdown(), 'the reopened service shuts down cleanly');
  const verified = verifyLedgerCli(dataDir);
  assert.equal(verified.status, 0, verified.out);
});

test('SIGKILL during webhooks and issuance: every acknowledged request is there exactly once, nothing half-written', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-crash-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = await startService({ dataDir, env: { BLOCK_INTERVAL_MS: '20' } });
  const acknowledged: Array<Awaited<ReturnType<typeof issueFlow>>> = [];
  let killed = false;
  const workers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !killed; i += 1) {
      try {
        acknowledged.push(await issueFlow(service.url, 100 + w * 1000 + i));
      } catch {
        // the connection died with the process: not acknowledged
      }
    }
  });
  // kill in full flow: once more than 10 flows are acknowledged, with 8 workers still mid-request
  await waitFor('more than 10 acknowledged flows', () => acknowledged.filter((a) => a.paymentId).length > 10, 60_000);
  killed = true;
  service.child.kill('SIGKILL');
  await Promise.all(workers);
  assert.equal(await service.exited, 'SIGKILL');
  const withPayment = acknowledged.filter((a) => a.paymentId);
  assert.ok(withPayment.length > 10, `only ${withPayment.length} flows were acknowledged before the kill`);

  // restart: the service comes up on the crashed files
  const restarted = await startInProcess({ node: 'platform', dataDir });
  const head = await postGraphql<{ ledgerHead: { size: number } | null }>(restarted.url, '{ ledgerHead { size } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(head.status, 200);
  await assert.doesNotReject(restarted.shutdown(), 'the restarted service shuts down cleanly');

  const db = openDatabase(path.join(dataDir, 'platform.db'));
  t.after(() => db.close());
  const payments = createSqlitePaymentStore(db);
  const invoices = createSqliteInvoiceStore(db);
  for (const a of withPayment) {
    assert.equal(db.prepare('SELECT count(*) FROM webhook_events WHERE id = ?').pluck().get(a.eventId), 1, `event ${a.eventId}`);
    assert.ok(payments.get(a.paymentId as string), `payment ${a.paymentId}`);
    if (a.invoiceId) assert.ok(invoices.get(a.invoiceId), `application ${a.invoiceId}`);
    if (a.number) {
      const inv = invoices.getByNumber(a.number);
      assert.equal(inv?.status, 'ISSUED', `invoice ${a.number}`);
      assert.equal(inv?.id, a.invoiceId);
    }
  }
  // nothing half-written: projections equal a replay of the ledger, both ways
  assert.deepEqual(checkProjections(db).differences, []);
  const verified = verifyLedgerCli(dataDir);
  assert.equal(verified.status, 0, verified.out);
});
