// Prometheus metrics of both nodes (prom-client; its own registry per node, so two nodes in one
// test process do not mix). Counters count events as they happen; gauges that mirror stored
// state (ledger sizes, invoices by status, alerts) are read at scrape time, so they are right
// after a restart. prom-client sends nothing anywhere: it only answers GET /metrics.
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A fresh registry with the process metrics (event-loop lag, heap, CPU, open handles). */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

/** The handler of GET /metrics: Bearer `token` when one is configured (401 otherwise). */
export function metricsHandler(registry: Registry, token: string | undefined) {
  const expected = token === undefined ? null : Buffer.from(`Bearer ${token}`);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (expected !== null) {
      const given = Buffer.from(req.get('Authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'GET /metrics wants Authorization: Bearer <METRICS_TOKEN>' } });
        return;
      }
    }
    try {
      res.type(METRICS_CONTENT_TYPE).send(await registry.metrics());
    } catch (err) {
      next(err);
    }
  };
}

/** The HTTP request counter both nodes share: route, GraphQL operation and outcome. */
export function requestCounter(registry: Registry): Counter<'route' | 'operation' | 'outcome'> {
  return new Counter({
    name: 'chain_invoice_http_requests_total',
    help: 'HTTP requests by route (a fixed set), GraphQL operation name and outcome (ok, the GraphQL error code, or http_<status>)',
    labelNames: ['route', 'operation', 'outcome'] as const,
    registers: [registry],
  });
}

/** Routes as a small fixed set, so a scanner's random paths cannot grow the label space. */
export function routeOf(path: string): string {
  if (path === '/graphql') return '/graphql';
  const hook = /^\/webhooks\/(payments|wechatpay|alipay)(?:\/|$)/u.exec(path);
  if (hook) return `/webhooks/${hook[1]}`;
  for (const fixed of ['/healthz', '/readyz', '/metrics', '/apply', '/verify', '/replication']) {
    if (path === fixed || path.startsWith(`${fixed}/`)) return fixed;
  }
  return 'other';
}

/** A GraphQL operation name fit for a label: letters, digits and _ only, at most 64. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return name === undefined ? '-' : 'anonymous';
  return /^\w{1,64}$/u.test(name) ? name : 'invalid';
}

export interface PlatformMetricsSource {
  ledgerSize(): number;
  sealedSize(): number;
  cosignedSize(): number;
  /** Unix ms when the oldest sealed block not yet cosigned was sealed; null when none waits. */
  oldestUncosignedSealedAt(): number | null;
  invoicesByStatus(): Record<string, number>;
  lastReconciliation(): { day: string; status: string; differences: number; finishedAt: number } | null;
  now(): number;
}

export interface PlatformMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'operation' | 'outcome'>;
  readonly webhooks: Counter<'provider' | 'reason'>;
  readonly commitSeconds: Histogram<string>;
  readonly blocks: Counter<'event'>;
}

export function createPlatformMetrics(service: string): PlatformMetrics & { observe(source: PlatformMetricsSource): void } {
  const registry = createRegistry(service);
  let source: PlatformMetricsSource | null = null;
  const gauge = (name: string, help: string, read: (s: PlatformMetricsSource) => number): void => {
    new Gauge({ name, help, registers: [registry], collect() { if (source) this.set(read(source)); } });
  };
  gauge('chain_invoice_ledger_size', 'Entries appended to the ledger', (s) => s.ledgerSize());
  gauge('chain_invoice_ledger_sealed_size', 'Entries covered by the latest signed checkpoint', (s) => s.sealedSize());
  gauge('chain_invoice_ledger_cosigned_size', 'Entries covered by a checkpoint the tax node cosigned (final)', (s) => s.cosignedSize());
  gauge('chain_invoice_replication_lag_seconds', 'How long the oldest sealed block has waited for its cosignature (0 when none waits)', (s) => {
    const at = s.oldestUncosignedSealedAt();
    return at === null ? 0 : Math.max(0, (s.now() - at) / 1000);
  });
  new Gauge({
    name: 'chain_invoice_invoices', help: 'Invoices by status (APPLIED, ISSUED, REVERSAL_REQUIRED, REVERSED), from the database', labelNames: ['status'] as const, registers: [registry],
    collect() {
      if (!source) return;
      const counts = source.invoicesByStatus();
      for (const status of ['APPLIED', 'ISSUED', 'REVERSAL_REQUIRED', 'REVERSED']) this.set({ status }, counts[status] ?? 0);
    },
  });
  new Gauge({
    name: 'chain_invoice_reconciliation_last_differences', help: 'Differences found by the last reconciliation run (platform-wide report); -1 before the first run', labelNames: ['day', 'status'] as const, registers: [registry],
    collect() {
      this.reset();
      const last = source?.lastReconciliation() ?? null;
      if (last === null) this.set({ day: 'none', status: 'NONE' }, -1);
      else this.set({ day: last.day, status: last.status }, last.differences);
    },
  });
  new Gauge({
    name: 'chain_invoice_reconciliation_last_run_timestamp_seconds', help: 'When the last reconciliation run finished (0 before the first)', registers: [registry],
    collect() { this.set((source?.lastReconciliation()?.finishedAt ?? 0) / 1000); },
  });
  return {
    registry,
    requests: requestCounter(registry),
    webhooks: new Counter({ name: 'chain_invoice_webhook_outcomes_total', help: 'Payment notifications by provider and outcome (ok, or the refusal reason code)', labelNames: ['provider', 'reason'] as const, registers: [registry] }),
    commitSeconds: new Histogram({ name: 'chain_invoice_db_commit_seconds', help: 'Duration of one group commit (SQLite transaction of a batch of units)', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }),
    blocks: new Counter({ name: 'chain_invoice_blocks_total', help: 'Ledger blocks sealed, sent to the tax node, cosigned or refused', labelNames: ['event'] as const, registers: [registry] }),
    observe(s) {
      source = s;
    },
  };
}

export interface TaxNodeMetricsSource {
  counters(): { acceptedBlocks: number; refusedBlocks: Record<string, number>; publicVerifyAnswered: number; publicVerifyRateLimited: { source: number; global: number } };
  alertsByKind(): Record<string, number>;
  ledgers(): Array<{ origin: string; size: number; lastAcceptedAt: number | null }>;
  now(): number;
}

/** The tax node's metrics; counters live in node.counters and are read at scrape time. */
export function createTaxNodeMetrics(service: string, source: TaxNodeMetricsSource): { registry: Registry; requests: Counter<'route' | 'operation' | 'outcome'> } {
  const registry = createRegistry(service);
  new Gauge({ name: 'chain_invoice_tax_blocks_accepted_total', help: 'New blocks verified, stored and cosigned since start', registers: [registry], collect() { this.set(source.counters().acceptedBlocks); } });
  new Gauge({
    name: 'chain_invoice_tax_blocks_refused_total', help: 'Blocks refused since start, by reason', labelNames: ['reason'] as const, registers: [registry],
    collect() {
      for (const [reason, n] of Object.entries(source.counters().refusedBlocks)) this.set({ reason }, n);
    },
  });
  new Gauge({
    name: 'chain_invoice_tax_alerts', help: 'Alerts raised (stored), by kind', labelNames: ['kind'] as const, registers: [registry],
    collect() {
      const counts = source.alertsByKind();
      for (const kind of ['FORK', 'REJECTED_BLOCK', 'SILENT', 'MALFORMED_ENTRY']) this.set({ kind }, counts[kind] ?? 0);
    },
  });
  new Gauge({
    name: 'chain_invoice_tax_ledger_size', help: 'Entries of each followed ledger held (verified and cosigned)', labelNames: ['origin'] as const, registers: [registry],
    collect() { for (const l of source.ledgers()) this.set({ origin: l.origin }, l.size); },
  });
  new Gauge({
    name: 'chain_invoice_tax_ledger_lag_seconds', help: 'Seconds since the last block of each followed ledger was accepted (-1: none yet)', labelNames: ['origin'] as const, registers: [registry],
    collect() { for (const l of source.ledgers()) this.set({ origin: l.origin }, l.lastAcceptedAt === null ? -1 : Math.max(0, (source.now() - l.lastAcceptedAt) / 1000)); },
  });
  new Gauge({ name: 'chain_invoice_tax_public_verify_answered_total', help: 'Anonymous 查验 requests let through since start', registers: [registry], collect() { this.set(source.counters().publicVerifyAnswered); } });
  new Gauge({
    name: 'chain_invoice_tax_public_verify_limited_total', help: 'Anonymous 查验 requests refused with 429 since start, by the budget that ran out', labelNames: ['budget'] as const, registers: [registry],
    collect() {
      const limited = source.counters().publicVerifyRateLimited;
      this.set({ budget: 'source' }, limited.source);
      this.set({ budget: 'global' }, limited.global);
    },
  });
  return { registry, requests: requestCounter(registry) };
}
