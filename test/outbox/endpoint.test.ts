// Each merchant's notification endpoint over GraphQL: the URL is checked, the signing secret
// is shown once (and again only when rotated), a merchant reaches only its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEndpointUrl } from '../../src/outbox/index.js';
import { ADMIN_KEY, DEMO_MERCHANT, startTestPlatform } from '../support/platform-harness.js';

const SET = 'mutation($u: String!, $r: Boolean, $m: ID) { setNotificationEndpoint(merchantId: $m, url: $u, rotateSecret: $r) { merchantId url secret updatedAt } }';
const READ = 'query($m: ID) { notificationEndpoint(merchantId: $m) { merchantId url secretSet updatedAt } }';

test('endpoint URLs: http or https, no credentials, no fragment; localhost is allowed for development', () => {
  assert.equal(validateEndpointUrl('https://erp.example.com/hooks/invoices?src=ci'), 'https://erp.example.com/hooks/invoices?src=ci');
  assert.equal(validateEndpointUrl('http://localhost:8080/hooks'), 'http://localhost:8080/hooks');
  assert.equal(validateEndpointUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000/');
  for (const bad of ['ftp://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.com/', 'https://token@example.com/', 'https://example.com/#frag', 'not a url', '', `https://example.com/${'a'.repeat(2048)}`]) {
    assert.throws(() => validateEndpointUrl(bad), { code: 'NOTIFICATION.BAD_URL' }, bad);
  }
});

test('a merchant registers its endpoint and sees the secret once; a rotation shows a new one; reads never show it', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.equal((await p.gql<{ notificationEndpoint: null }>(READ, {}, DEMO_MERCHANT.apiKey)).data?.notificationEndpoint, null);

  const first = await p.gql<{ setNotificationEndpoint: { merchantId: string; url: string; secret: string | null } }>(SET, { u: 'https://erp.example.com/hooks' }, DEMO_MERCHANT.apiKey);
  assert.equal(first.errors, undefined);
  const secret = first.data?.setNotificationEndpoint.secret as string;
  assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/u);
  assert.equal(first.data?.setNotificationEndpoint.merchantId, DEMO_MERCHANT.id);

  // changing the URL keeps the secret and does not show it again
  const moved = await p.gql<{ setNotificationEndpoint: { url: string; secret: string | null } }>(SET, { u: 'https://erp.example.com/v2/hooks' }, DEMO_MERCHANT.apiKey);
  assert.deepEqual(moved.data?.setNotificationEndpoint.secret, null);
  assert.equal(p.platform.outbox.endpoints.get(DEMO_MERCHANT.id)?.secret, secret);

  const read = await p.gql<{ notificationEndpoint: Record<string, unknown> }>(READ, {}, DEMO_MERCHANT.apiKey);
  assert.equal(read.data?.notificationEndpoint.url, 'https://erp.example.com/v2/hooks');
  assert.equal(read.data?.notificationEndpoint.secretSet, true);
  assert.ok(!JSON.stringify(read).includes(secret));

  const rotated = await p.gql<{ setNotificationEndpoint: { secret: string } }>(SET, { u: 'https://erp.example.com/v2/hooks', r: true }, DEMO_MERCHANT.apiKey);
  const next = rotated.data?.setNotificationEndpoint.secret as string;
  assert.notEqual(next, secret);
  assert.equal(p.platform.outbox.endpoints.get(DEMO_MERCHANT.id)?.secret, next);

  // an ADMIN configures any merchant by id
  const byAdmin = await p.gql<{ setNotificationEndpoint: { merchantId: string } }>(SET, { u: 'https://ops.example.com/h', m: DEMO_MERCHANT.id }, ADMIN_KEY);
  assert.equal(byAdmin.data?.setNotificationEndpoint.merchantId, DEMO_MERCHANT.id);
});

test('a bad URL is refused with a stable code, names the argument and changes nothing', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const r = await p.gql(SET, { u: 'https://admin:hunter2@erp.example.com/hooks' }, DEMO_MERCHANT.apiKey);
  assert.equal(r.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(r.errors?.[0]?.extensions?.detail, 'NOTIFICATION.BAD_URL');
  assert.ok(!JSON.stringify(r.errors).includes('hunter2'));
  assert.equal(p.platform.outbox.endpoints.get(DEMO_MERCHANT.id), null);
  const missing = await p.gql(SET, { u: 'https://erp.example.com/hooks', m: 'm_nobody' }, ADMIN_KEY);
  assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
});
