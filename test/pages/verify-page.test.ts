// The tax node's public 查验 page in a real browser: a real cosigned invoice checks out with
// all four checks ✓; one changed hash in the proof's response is ✗ on inclusion; a dropped
// .tlog-proof verifies with the network cut; no request leaves 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { allLocal, openBrowser, skipLine } from './browser.js';
import { issueCosigned, startTwoNodes } from '../support/two-nodes.js';

const skip = skipLine({ announce: true });
const CHECKS = ['leaf', 'inclusion', 'checkpoint', 'cosignature'] as const;

async function results(page: Page): Promise<Record<string, string | null>> {
  await page.waitForSelector('#checks li[data-check="leaf"][data-result]');
  const out: Record<string, string | null> = {};
  for (const c of CHECKS) out[c] = await page.getAttribute(`[data-check="${c}"]`, 'data-result');
  return out;
}

test('the 查验 page opened from an invoice\'s QR link verifies a real cosigned invoice in the browser: all four checks ✓', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  const inv = await issueCosigned(nodes);
  const session = await openBrowser(t);
  const page = await session.newPage(375);
  await page.goto(`${nodes.tax.url}/verify?${new URLSearchParams({ number: inv.number, date: inv.issueDate, amount: inv.gross }).toString()}`);
  assert.deepEqual(await results(page), { leaf: 'ok', inclusion: 'ok', checkpoint: 'ok', cosignature: 'ok' });
  assert.match(await page.textContent('#verdict') ?? '', /已开具（截至检查点大小 \d+）/u);
  assert.match(await page.textContent('#facts') ?? '', new RegExp(inv.number, 'u'));
  assert.match(await page.textContent('#keys') ?? '', /tax/u);
  assert.ok(allLocal(session.requested), session.requested.join('\n'));
});

test('the 查验 page shows ✗ on inclusion when one hash of the proof in the response is changed', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  await issueCosigned(nodes);
  const inv = await issueCosigned(nodes);
  const session = await openBrowser(t);
  const page = await session.newPage(1280);
  await page.route('**/proofs?*', async (route) => {
    const response = await route.fetch();
    const lines = (await response.text()).split('\n');
    const at = lines.findIndex((l, i) => i > 2 && /^[A-Za-z0-9+/]{43}=$/u.test(l));
    assert.ok(at > 0, 'the proof has an inclusion hash to change');
    const line = lines[at] as string;
    lines[at] = (line[0] === 'A' ? 'B' : 'A') + line.slice(1);
    await route.fulfill({ response, body: lines.join('\n') });
  });
  await page.goto(`${nodes.tax.url}/verify`);
  await page.fill('#number', inv.number);
  await page.fill('#date', inv.issueDate);
  await page.fill('#amount', inv.gross);
  await page.press('#amount', 'Enter');
  const r = await results(page);
  assert.equal(r['inclusion'], 'fail');
  assert.equal(r['checkpoint'], 'ok');
  assert.equal(r['cosignature'], 'ok');
  assert.match(await page.textContent('#verdict') ?? '', /校验失败/u);
});

test('a dropped .tlog-proof verifies entirely offline, with the network cut', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  const inv = await issueCosigned(nodes);
  const proof = await (await fetch(`${nodes.platform.url}/invoices/${inv.id}/invoice.tlog-proof?token=${encodeURIComponent(inv.applyToken)}`)).text();
  const session = await openBrowser(t);
  const page = await session.newPage(375);
  await page.goto(`${nodes.tax.url}/verify`);
  await page.waitForSelector('body[data-ready="true"]');
  await session.context.setOffline(true);
  const before = session.requested.length;
  const dataTransfer = await page.evaluateHandle((text) => {
    // runs in the page, where DataTransfer exists (the test's own types are node's)
    const browserGlobals = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
    const dt = new browserGlobals.DataTransfer();
    dt.items.add(new File([text], 'invoice.tlog-proof', { type: 'text/plain' }));
    return dt;
  }, proof);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer });
  assert.deepEqual(await results(page), { leaf: 'ok', inclusion: 'ok', checkpoint: 'ok', cosignature: 'ok' });
  assert.match(await page.textContent('#facts') ?? '', new RegExp(inv.number, 'u'));
  assert.equal(session.requested.length, before, 'no request while offline');
});
