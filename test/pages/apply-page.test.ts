// The payer's page in a real browser: a real payment's applyUrl, the 抬头 form with the
// server's own USCC check as one types, the invoice becoming issued then final without a
// reload, and a downloaded PDF whose text holds the invoice number; a bad token gets a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allLocal, openBrowser, skipLine } from './browser.js';
import { DEMO_MERCHANT } from '../support/platform-harness.js';
import { postGraphql } from '../support/process.js';
import { pay, startTwoNodes } from '../support/two-nodes.js';

const skip = skipLine();

test('a payer opens the applyUrl of a real payment, fills the form, watches the invoice become issued and final, and downloads its PDF', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  const { applyToken } = await pay(nodes.platform.url, 12800);
  const session = await openBrowser(t);
  const page = await session.newPage(375);
  await page.goto(`${nodes.platform.url}/apply?token=${encodeURIComponent(applyToken)}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.match(await page.textContent('#amount') ?? '', /128\.00/u);
  assert.match(await page.textContent('table.lines') ?? '', /拿铁咖啡/u);

  await page.check('input[name="buyerType"][value="ORGANIZATION"]');
  await page.fill('input[name="buyerName"]', '买方公司');
  await page.fill('input[name="taxpayerId"]', '91440300MA5BUYER27');
  assert.match(await page.textContent('#taxpayerId-error') ?? '', /taxpayer id "91440300MA5BUYER27" is invalid/u, 'the server\'s message, as one types');
  await page.fill('input[name="taxpayerId"]', '91440300MA5BUYER26');
  assert.equal(await page.textContent('#taxpayerId-error'), '');
  await page.fill('input[name="email"]', 'buyer@example.com');
  await page.click('#submit');
  await page.waitForSelector('[data-status="APPLIED"], [data-status="ISSUED"], [data-status="FINAL"]');

  // the demo merchant issues by hand: its key, the application the payer just made
  const inv = await postGraphql<{ invoiceByApplyToken: { id: string } }>(nodes.platform.url, 'query($t: String!) { invoiceByApplyToken(token: $t) { id } }', { t: applyToken });
  const id = inv.data?.invoiceByApplyToken.id;
  assert.ok(id);
  const status = await page.getAttribute('#status', 'data-status');
  if (status === 'APPLIED') await postGraphql(nodes.platform.url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id }, DEMO_MERCHANT.apiKey);
  await page.waitForSelector('#status[data-status="FINAL"]', { timeout: 20_000 });
  const number = (await page.textContent('#inv-number')) ?? '';
  assert.match(number, /^\d{20}$/u);
  assert.match(await page.textContent('#inv-capital') ?? '', /壹佰贰拾捌元整/u);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-pdf')]);
  assert.equal(download.suggestedFilename(), `${number}.pdf`);
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-pdf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'invoice.pdf');
  await download.saveAs(file);
  assert.match(execFileSync('pdftotext', [file, '-']).toString('utf8'), new RegExp(number, 'u'));
  assert.ok(allLocal(session.requested), session.requested.join('\n'));
});

test('an unknown, forged or expired token gets a clear page, never JSON or a stack', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  const session = await openBrowser(t);
  const page = await session.newPage(375);
  const response = await page.goto(`${nodes.platform.url}/apply?token=pay_000000000aaaaaaaaaaaa.1999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
  assert.equal(response?.status(), 404);
  assert.match(response?.headers()['content-type'] ?? '', /^text\/html/u);
  assert.match(await page.textContent('h2') ?? '', /链接无效或已过期/u);
  await page.click('#lang');
  assert.ok(await page.isVisible('text=This link is not valid or has expired'));
});
