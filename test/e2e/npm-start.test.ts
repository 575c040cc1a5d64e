// `npm start` as a new user runs it (`node --import tsx src/main.ts`, real processes, free
// ports, a temporary DATA_DIR): the platform and its local tax node come up together, a
// payment through the webhook becomes a final (cosigned) invoice, SIGTERM stops both with no
// orphan left, and a busy port is named as such.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEMO_MERCHANT } from '../support/platform-harness.js';
import { ROOT, freePort, postGraphql, postWebhook, startService } from '../support/process.js';
import { waitFor } from '../support/wait.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('npm start runs the platform and a local tax node: an invoice becomes final, SIGTERM stops both', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-start-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const taxPort = await freePort();
  const service = await startService({ dataDir, env: { LOCAL_TAX_NODE: 'on', TAX_NODE_PORT: String(taxPort), LOG_LEVEL: 'info', LOG_FORMAT: 'json' } });
  t.after(() => service.stop('SIGKILL'));
  const taxUrl = `http://127.0.0.1:${taxPort}`;
  await waitFor('the local tax node to answer', async () => (await fetch(`${taxUrl}/healthz`).catch(() => null))?.ok === true);
  assert.ok(existsSync(path.join(dataDir, 'tax-node', 'tax-node.db')) || existsSync(path.join(dataDir, 'tax-node')), 'the tax node keeps its database under DATA_DIR/tax-node');

  const n = randomBytes(6).toString('hex');
  const hook = await postWebhook(service.url, {
    id: `evt_${n}`, type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), merchantId: DEMO_MERCHANT.id,
    data: { paymentId: `wx_${n}`, amount: 12_800, currency: 'CNY', paidAt: new Date().toISOString(), description: 'npm start' },
  }, DEMO_MERCHANT.webhookSecret);
  assert.equal(hook.status, 200);
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(service.url, 'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "测试" } }) { id } }', { t: hook.body['applyToken'] });
  const id = applied.data?.applyForInvoice.id ?? '';
  const issued = await postGraphql<{ issueInvoice: { number: string } }>(service.url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { number } }', { id }, DEMO_MERCHANT.apiKey);
  assert.ok(issued.data?.issueInvoice.number, JSON.stringify(issued.errors));
  await waitFor('the issued invoice to be final (cosigned by the local tax node)', async () => {
    const r = await postGraphql<{ invoice: { final: boolean } }>(service.url, 'query($id: ID!) { invoice(id: $id) { final } }', { id }, DEMO_MERCHANT.apiKey);
    return r.data?.invoice.final === true;
  });

  const pids = (): number[] => [...service.output().matchAll(/"childPid":(\d+)[^\n]*"msg":"local tax node started"/gu)].map((m) => Number(m[1]));
  const firstPid = pids()[0] ?? -1;
  assert.ok(alive(firstPid), `the child's pid is logged:\n${service.output()}`);
  assert.match(service.output(), /"service":"chain-invoice-platform"/u);
  assert.match(service.output(), /"service":"chain-invoice-tax-node"/u);

  // a child that dies is logged and restarted on the same port and database
  process.kill(firstPid, 'SIGKILL');
  await waitFor('the platform to restart its tax node', () => pids().length === 2, 30_000);
  assert.match(service.output(), /"msg":"local tax node exited; restarting it"/u);
  const secondPid = pids()[1] ?? -1;
  await waitFor('the restarted tax node to answer', async () => (await fetch(`${taxUrl}/healthz`).catch(() => null))?.ok === true, 30_000);

  assert.equal(await service.stop('SIGTERM'), 0);
  await waitFor('the local tax node to have exited with the platform', () => !alive(secondPid));
});

test('a busy port answers "port N is in use (PORT=N)" and exits 1', async (t) => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-busy-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOCAL_TAX_NODE: 'off' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  assert.equal(code, 1);
  assert.match(output, new RegExp(`port ${port} is in use \\(PORT=${port}\\)`, 'u'));
  assert.doesNotMatch(output, /Cannot read properties/u);
});
