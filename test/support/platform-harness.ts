// A real platform on a real SQLite file in a temporary directory, its express app driven
// through supertest (in-process HTTP) or listening on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { pino } from 'pino';
import { FIXTURES_DIR } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { loadDemoFixtures } from '../../src/platform/demo-fixtures.js';
import { openPlatform, readApplyTokenSecret, type Platform } from '../../src/platform/platform.js';
import { signWebhook, SIGNATURE_HEADER } from '../../src/payments/index.js';
import { randomIds } from '../../src/shared/ids.js';
import { createReconcileDeps } from '../../src/platform/reconcile-deps.js';
import type { ReconcileDeps } from '../../src/reconciliation/index.js';
import { demoSigner, ManualClock } from './ledger-fixture.js';
import type express from 'express';

interface DemoFile {
  merchants: Array<{ id: string; webhookSecret: string; apiKey: string; taxpayerId: string }>;
  apiKeys: Array<{ key: string; role: string }>;
}
export const DEMO = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'demo', 'platform.json'), 'utf8')) as DemoFile;
export const DEMO_MERCHANT = DEMO.merchants[0] as DemoFile['merchants'][number];
export const DEMO_TAX_AUTHORITY_KEY = (DEMO.apiKeys.find((k) => k.role === 'TAX_AUTHORITY') as { key: string }).key;
export const ADMIN_KEY = 'test-admin-bootstrap-key-0123456789';

export interface TestPlatform {
  readonly dir: string;
  readonly platform: Platform;
  readonly app: express.Express;
  readonly clock: ManualClock;
  readonly billsDir: string;
  readonly reconcileDeps: ReconcileDeps;
  /** Posts to /webhooks/payments/:merchantId (the event's merchant unless `merchant` is given), or the deprecated path when `legacy`. */
  webhook(event: object, options?: { secret?: string; timestamp?: number; header?: string | null; raw?: string; merchant?: string; legacy?: boolean }): request.Test;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T | null;
  errors: Array<{ message: string; extensions?: { code?: string; detail?: string } }> | undefined;
}

export async function startTestPlatform(options: { blockIntervalMs?: number; blockMaxEntries?: number } = {}): Promise<TestPlatform> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-platform-'));
  const clock = new ManualClock(Date.parse('2026-11-21T02:00:00.000Z'));
  const platform = openPlatform({
    databaseFile: path.join(dir, 'platform.db'),
    signer: demoSigner('platform-ledger'),
    witnesses: [demoSigner('tax-node-witness').verifierKey],
    clock,
    ids: randomIds,
    applyTokenSecret: readApplyTokenSecret(path.join(FIXTURES_DIR, 'demo', 'apply-token.secret')),
    publicUrl: 'http://127.0.0.1:4000',
    blockMaxEntries: options.blockMaxEntries ?? 1000,
    blockIntervalMs: options.blockIntervalMs ?? 500,
    webhookToleranceSeconds: 300,
    webhookSecretOverlapSeconds: 3600,
    adminBootstrapKey: ADMIN_KEY,
  });
  loadDemoFixtures(platform, path.join(FIXTURES_DIR, 'demo', 'platform.json'));
  const billsDir = path.join(dir, 'bills');
  const reconcileDeps = { ...createReconcileDeps(platform, { billsDir, invoiceGraceDays: 0, taxNodeUrl: undefined }), holder: 'test-runner' };
  const { app, stop } = await createApp({ platform, logger: pino({ level: 'silent' }), reconcileDeps });
  return {
    dir, platform, app, clock, billsDir, reconcileDeps,
    webhook(event, o = {}) {
      const raw = o.raw ?? JSON.stringify(event);
      const timestamp = o.timestamp ?? Math.floor(clock.now().getTime() / 1000);
      const named = (event as { merchantId?: unknown }).merchantId;
      const merchant = o.merchant ?? (typeof named === 'string' ? named : DEMO_MERCHANT.id);
      const url = o.legacy ? '/webhooks/payments' : `/webhooks/payments/${encodeURIComponent(merchant)}`;
      const req = request(app).post(url).set('Content-Type', 'application/json');
      if (o.header !== null) req.set(SIGNATURE_HEADER, o.header ?? signWebhook({ secret: o.secret ?? DEMO_MERCHANT.webhookSecret, rawBody: raw, timestamp }));
      return req.send(raw);
    },
    async gql(query, variables = {}, key = null) {
      const req = request(app).post('/graphql').set('Content-Type', 'application/json');
      if (key) req.set('Authorization', `Bearer ${key}`);
      const res = await req.send({ query, variables });
      const body = res.body as { data?: unknown; errors?: GqlResult<never>['errors'] };
      return { status: res.status, data: (body.data ?? null) as never, errors: body.errors };
    },
    async close() {
      await stop();
      platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A payment.succeeded event for the demo merchant. */
export function paymentEvent(clock: ManualClock, overrides: { amount?: number; items?: unknown; merchantId?: string; paymentId?: string; id?: string } = {}): Record<string, unknown> {
  counter += 1;
  const n = `${Date.now().toString(36)}${counter}`;
  return {
    id: overrides.id ?? `evt_${n}`,
    type: 'payment.succeeded',
    created: Math.floor(clock.now().getTime() / 1000),
    merchantId: overrides.merchantId ?? DEMO_MERCHANT.id,
    data: {
      paymentId: overrides.paymentId ?? `wx_${n}`,
      amount: overrides.amount ?? 12800,
      currency: 'CNY',
      paidAt: clock.now().toISOString(),
      description: '咖啡 coffee',
      ...(overrides.items ? { items: overrides.items } : {}),
    },
  };
}

export function refundEvent(clock: ManualClock, paymentId: string, amount: number, refundId = `rf_${Date.now().toString(36)}${++counter}`): Record<string, unknown> {
  return {
    id: `evt_rf${Date.now().toString(36)}${++counter}`,
    type: 'payment.refunded',
    created: Math.floor(clock.now().getTime() / 1000),
    merchantId: DEMO_MERCHANT.id,
    data: { paymentId, refundId, amount },
  };
}

/** Row and ledger counts, to assert that a refusal changed nothing. */
export function counts(platform: Platform): Record<string, number> {
  const one = (sql: string): number => platform.db.prepare(sql).pluck().get() as number;
  return {
    ledger: platform.ledger.size(),
    payments: one('SELECT count(*) FROM payments'),
    refunds: one('SELECT count(*) FROM refunds'),
    events: one('SELECT count(*) FROM webhook_events'),
    invoices: one('SELECT count(*) FROM invoices'),
    refunded: one('SELECT coalesce(sum(refunded), 0) FROM payments'),
  };
}
