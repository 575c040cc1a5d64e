// Guessing API keys, through real HTTP on both nodes: failed authentication is rationed per
// source address (429, Retry-After, RATE_LIMITED), valid keys are neither counted nor slowed,
// and a weak ADMIN_BOOTSTRAP_KEY stops either node at start-up, naming the variable only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { bootstrapKeyWeakness } from '../../src/access/index.js';
import { sourceKeyOf as sourceKey } from '../../src/shared/rate-limit.js';
import { startTestPlatform, DEMO_MERCHANT } from '../support/platform-harness.js';
import { ROOT, startService } from '../support/process.js';

const LIMIT = 20; // AUTH_FAILURES_PER_MINUTE's default
const TAX_AUTHORITY_KEY = 'cik_demo_tax_authority_Us3pcv_2Sj2WsjEjbd7kQmvp7BYD7Yyf8ZlLHcT9cDc';

interface Answer { status: number; retryAfter: string | undefined; code: string | undefined; body: string }

/** POST /graphql from a chosen local address (127.0.0.x are all this host on Linux). */
function ask(url: string, key: string, from = '127.0.0.1'): Promise<Answer> {
  const body = JSON.stringify({ query: '{ __typename }' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/graphql`, { method: 'POST', localAddress: from, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, code: parsed.errors?.[0]?.extensions?.code, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const badKey = (): string => `cik_${randomBytes(32).toString('base64url')}`;

async function assertThrottled(url: string, goodKey: string): Promise<void> {
  // valid keys are not counted: many of them, then the whole failure budget still holds
  for (let i = 0; i < 3 * LIMIT; i++) assert.equal((await ask(url, goodKey)).status, 200);
  for (let i = 1; i <= LIMIT; i++) {
    const a = await ask(url, badKey());
    assert.deepEqual([a.status, a.code], [401, 'UNAUTHENTICATED'], `guess ${i}: ${a.body}`);
  }
  const refused = await ask(url, badKey());
  assert.equal(refused.status, 429, refused.body);
  assert.equal(refused.code, 'RATE_LIMITED');
  assert.match(refused.retryAfter ?? '', /^\d+$/u);
  assert.ok(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 120, "a full window also weighs on the next one");
  assert.match(refused.body, /"retryAfterSeconds":\d+/u);
  // the budget is checked before the key: a throttled source learns nothing about any key
  assert.equal((await ask(url, goodKey)).status, 429);
  // another source address is not affected, and its valid key answers at once
  const other = await ask(url, goodKey, '127.0.0.2');
  assert.equal(other.status, 200, other.body);
  assert.equal((await ask(url, badKey(), '127.0.0.2')).status, 401);
}

test('platform: bad keys from one address are throttled after the budget, with 429 and Retry-After', async (t) => {
  const p = await startTestPlatform();
  const server: Server = await new Promise((resolve) => {
    const s = p.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  t.after(async () => {
    await new Promise((r) => server.close(r));
    await p.close();
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const url = `http://127.0.0.1:${address.port}`;
  await assertThrottled(url, DEMO_MERCHANT.apiKey);
  // two minutes later the address's budget is back
  p.clock.advance(120_000);
  assert.equal((await ask(url, DEMO_MERCHANT.apiKey)).status, 200);
});

test('tax node: bad keys from one address are throttled after the budget, with 429 and Retry-After', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-auth-'));
  const node = await startService({ entry: 'src/cli/tax-node.ts', dataDir });
  t.after(async () => {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await assertThrottled(node.url, TAX_AUTHORITY_KEY);
});

test('a weak ADMIN_BOOTSTRAP_KEY stops both nodes at start-up; the message names the variable, never the value', () => {
  const weak = ['short-key', 'test-admin-bootstrap-key-0123456789', 'a'.repeat(48), 'abcdefghijklmnopqrstuvwxyz0123456789', 'Abc123!@'.repeat(5)];
  for (const key of weak) assert.notEqual(bootstrapKeyWeakness(key), null, `${key} accepted`);
  for (let i = 0; i < 20; i++) assert.equal(bootstrapKeyWeakness(randomBytes(32).toString('base64')), null, 'openssl rand -base64 32 is accepted');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-bootstrap-'));
  try {
    for (const entry of ['src/main.ts', 'src/cli/tax-node.ts']) {
      for (const key of ['test-admin-bootstrap-key-0123456789', 'x'.repeat(20)]) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
          cwd: ROOT, encoding: 'utf8', timeout: 30_000,
          env: { ...process.env, ADMIN_BOOTSTRAP_KEY: key, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
        });
        assert.notEqual(run.status, 0, `${entry} started with a weak key`);
        assert.match(run.stderr, /ADMIN_BOOTSTRAP_KEY/u, `${entry}: ${run.stderr}`);
        assert.equal(run.stderr.includes(key) || run.stdout.includes(key), false, `${entry} printed the key`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('sources are counted by IPv4 address (also IPv4-mapped) or by IPv6 /64, so rotating within a /64 does not reset the count', () => {
  assert.equal(sourceKey('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(sourceKey('203.0.113.7'), '203.0.113.7');
  assert.equal(sourceKey('2001:db8:1:2::1'), sourceKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe'));
  assert.notEqual(sourceKey('2001:db8:1:2::1'), sourceKey('2001:db8:1:3::1'));
  assert.equal(sourceKey(undefined), 'unknown');
});
