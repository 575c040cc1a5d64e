// The offline explorer at /graphql on both nodes: served to a browser (Accept: text/html) that
// can reach nothing but 127.0.0.1 (everything it loads comes from the node), it runs a query with a pasted API
// key; Apollo's CDN landing page is gone; no page asks for anything outside 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allLocal, openBrowser, skipLine } from './browser.js';
import { DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';
import { startTwoNodes } from '../support/two-nodes.js';

const skip = skipLine();

test('the explorer runs a query offline on both nodes, with an API key pasted in, and nothing leaves 127.0.0.1', { skip }, async (t) => {
  const nodes = await startTwoNodes(t);
  const session = await openBrowser(t);
  // "offline" is no internet: the session aborts every request outside 127.0.0.1, and the
  // node itself is still there to answer the query
  for (const [url, key, query, expected] of [
    [nodes.platform.url, DEMO_MERCHANT.apiKey, '{ merchant { id } }', DEMO_MERCHANT.id],
    [nodes.tax.url, DEMO_TAX_AUTHORITY_KEY, '{ ledgers { origin } }', 'demo.chain-invoice.local/ledger'],
  ] as const) {
    const page = await session.newPage(1280);
    await page.goto(`${url}/graphql`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#apikey', key);
    await page.fill('#query', query);
    await page.press('#query', 'Control+Enter');
    await page.waitForSelector(`#response:has-text("${expected}")`);
  }
  // a client asking for JSON still reaches GraphQL; Apollo's own landing page is off
  const json = await fetch(`${nodes.platform.url}/graphql?query=%7Bhealth%7D`, { headers: { Accept: 'application/json', 'apollo-require-preflight': 'true' } });
  assert.notEqual(json.headers.get('content-type')?.startsWith('text/html'), true);
  const html = await fetch(`${nodes.platform.url}/graphql`, { headers: { Accept: 'text/html' } });
  const text = await html.text();
  assert.doesNotMatch(text, /apollographql|embeddable-sandbox|cdn\./u);
  assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'self'/u);
  assert.ok(allLocal(session.requested), session.requested.join('\n'));
});
