// Query limits and the error surface: stable codes, no stack traces or internals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestPlatform, DEMO_MERCHANT } from '../support/platform-harness.js';

test('queries deeper than 10 levels or larger than the size limit are refused before running', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const deep = `{ invoices { edges { node { lines { name } seller { name } buyer { name } } } pageInfo { hasNextPage } } }`;
  assert.equal((await p.gql(deep, {}, DEMO_MERCHANT.apiKey)).errors, undefined);
  const viaFragment = 'query { invoices { edges { node { ...A } } } } fragment A on Invoice { lines { name } }';
  assert.equal((await p.gql(viaFragment, {}, DEMO_MERCHANT.apiKey)).errors, undefined);
  const nested = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }';
  const refused = await p.gql(nested, {}, DEMO_MERCHANT.apiKey);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(refused.errors?.[0]?.message ?? '', /depth 1\d exceeds the limit of 10/u);
  const wide = `{ ${Array.from({ length: 320 }, (_, i) => `a${i}: health`).join(' ')} }`;
  const tooWide = await p.gql(wide, {}, DEMO_MERCHANT.apiKey);
  assert.equal(tooWide.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(tooWide.errors?.[0]?.message ?? '', /more than the limit of 300/u);
});

test('syntax errors, unknown fields and bad Money carry BAD_USER_INPUT and no stack trace', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  for (const query of ['{ invoices { ', '{ noSuchField }', 'query { health(x: 1) }']) {
    const r = await p.gql(query, {}, DEMO_MERCHANT.apiKey);
    assert.equal(r.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', query);
    assert.equal(JSON.stringify(r.errors).includes('stacktrace'), false);
  }
});

test('request bodies over 1 MB are refused with 413 and JSON', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const res = await request(p.app).post('/graphql').set('Content-Type', 'application/json').send(JSON.stringify({ query: `{ health } #${'x'.repeat(1_100_000)}` }));
  assert.equal(res.status, 413);
  assert.equal((res.body as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
  const hook = await request(p.app).post('/webhooks/payments').set('Content-Type', 'application/json').send('x'.repeat(1_100_000));
  assert.equal(hook.status, 413);
});

test('health and readiness', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.deepEqual((await request(p.app).get('/healthz')).body, { status: 'ok' });
  const ready = await request(p.app).get('/readyz');
  assert.equal(ready.status, 200);
  assert.equal((ready.body as { status: string }).status, 'ready');
  assert.equal((await request(p.app).get('/nope')).status, 404);
});
