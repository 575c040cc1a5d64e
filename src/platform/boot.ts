// Boots the platform node from its configuration: keys, database, demo fixtures on first
// start, block sealing, the HTTP app. main.ts adds signals; tests call this directly.
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { createServiceLogger, logFormatFrom, PLATFORM_SERVICE } from '../observability/logger.js';
import { createPlatformMetrics, type PlatformMetrics } from '../observability/metrics.js';
import { ConfigError, type PlatformConfig } from '../config.js';
import { systemClock, type Clock } from '../domain/index.js';
import { createApp } from '../http/app.js';
import { listenOn } from '../http/listen.js';
import { parseSignerKey, parseVerifierKey, type VerifierKey } from '../ledger/index.js';
import { randomIds, type IdGenerator } from '../shared/ids.js';
import { loadDemoFixtures } from './demo-fixtures.js';
import { createReconcileDeps } from './reconcile-deps.js';
import { catchUpReconciliation, scheduleReconciliation } from '../jobs/reconcile-schedule.js';
import { HttpTaxNodeClient } from '../http/tax-node-client.js';
import { Replicator } from '../replication/index.js';
import { createSqliteLedgerStore } from '../storage/sqlite/ledger-store.js';
import { openPlatform, readApplyTokenSecret, type Platform } from './platform.js';

export interface RunningPlatform {
  readonly platform: Platform;
  readonly replicator: Replicator | null;
  readonly server: Server;
  readonly url: string;
  readonly metrics: PlatformMetrics;
  /** Stop accepting, drain in-flight requests, seal the pending block, close the database. */
  shutdown(): Promise<void>;
}

/** The node's logger: its service name, LOG_FORMAT (or pretty on a terminal), synchronous writes. */
export function createLogger(level: string, service: string = PLATFORM_SERVICE): Logger {
  return createServiceLogger({ level, service, format: logFormatFrom(process.env) });
}

function readKeyFile(file: string, variable: string): string {
  if (!existsSync(file)) throw new ConfigError(variable, `no file at ${file}`);
  return readFileSync(file, 'utf8').trim();
}

export async function bootPlatform(
  config: PlatformConfig,
  options: { logger?: Logger; clock?: Clock; ids?: IdGenerator } = {},
): Promise<RunningPlatform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const signer = parseSignerKey(readKeyFile(config.ledgerKeyFile, 'LEDGER_KEY_FILE'));
  if (config.ledgerOrigin !== undefined && config.ledgerOrigin !== signer.name) {
    throw new ConfigError('LEDGER_ORIGIN', `is ${config.ledgerOrigin} but the key in LEDGER_KEY_FILE is named ${signer.name}`);
  }
  const witnesses: VerifierKey[] = existsSync(config.witnessVkeyFile) ? [parseVerifierKey(readKeyFile(config.witnessVkeyFile, 'WITNESS_VKEY_FILE'))] : [];
  const metrics = createPlatformMetrics(PLATFORM_SERVICE);
  const platform = openPlatform({
    onCommit: (seconds) => metrics.commitSeconds.observe(seconds),
    databaseFile: config.databaseFile,
    signer,
    witnesses,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    applyTokenSecret: readApplyTokenSecret(config.applyTokenSecretFile),
    applyTokenTtlSeconds: config.applyTokenTtlSeconds,
    publicUrl: config.publicUrl,
    blockMaxEntries: config.blockMaxEntries,
    blockIntervalMs: config.blockIntervalMs,
    webhookToleranceSeconds: config.webhookToleranceSeconds,
    webhookSecretOverlapSeconds: config.webhookSecretOverlapSeconds,
    adminBootstrapKey: config.adminBootstrapKey,
  });
  const demo = path.join(config.fixturesDir, 'demo', 'platform.json');
  if (existsSync(demo)) {
    const loaded = loadDemoFixtures(platform, demo);
    if (loaded.merchants > 0) logger.info({ merchants: loaded.merchants, keys: loaded.keys, file: demo }, 'empty data directory: loaded the demo fixtures');
  }
  const ledgerStore = createSqliteLedgerStore(platform.db);
  const replicator = config.taxNodeUrl
    ? new Replicator({
      ledger: platform.ledger, store: ledgerStore, taxNode: new HttpTaxNodeClient(config.taxNodeUrl), log: logger,
      onBlock: (event) => metrics.blocks.inc({ event }), now: () => platform.clock.now().getTime(),
    })
    : null;
  const invoicesByStatus = platform.db.prepare('SELECT status, count(*) AS n FROM invoices GROUP BY status');
  const lastReconciliation = platform.db.prepare("SELECT day, status, differences, finished_at FROM reconciliation_reports WHERE scope = '*' ORDER BY seq DESC LIMIT 1");
  metrics.observe({
    ledgerSize: () => platform.ledger.size(),
    sealedSize: () => platform.ledger.latestCheckpoint()?.size ?? 0,
    cosignedSize: () => ledgerStore.latestCosignedSize(),
    oldestUncosignedSealedAt: () => ledgerStore.checkpointsAfter(ledgerStore.latestCosignedSize(), 1)[0]?.signedAt ?? null,
    invoicesByStatus: () => Object.fromEntries((invoicesByStatus.all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n])),
    lastReconciliation: () => {
      const row = lastReconciliation.get() as { day: string; status: string; differences: number; finished_at: string } | undefined;
      return row ? { day: row.day, status: row.status, differences: row.differences, finishedAt: Date.parse(row.finished_at) } : null;
    },
    now: () => platform.clock.now().getTime(),
  });
  replicator?.start();
  if (replicator) logger.info({ taxNodeUrl: config.taxNodeUrl, from: replicator.state().taxNodeSize }, 'replicating sealed blocks to the tax node');
  let sealedSize = platform.ledger.latestCheckpoint()?.size ?? 0;
  const stopSealing = platform.ledger.startSealing(
    (err) => logger.error({ err }, 'sealing a block failed'),
    (checkpoint) => {
      logger.info({ size: checkpoint.size, entries: checkpoint.size - sealedSize, cosignedSize: ledgerStore.latestCosignedSize() }, 'block sealed');
      sealedSize = checkpoint.size;
      metrics.blocks.inc({ event: 'sealed' });
      replicator?.poke();
    },
  );
  const stopOutbox = platform.startOutbox(logger);
  const reconcileDeps = createReconcileDeps(platform, { billsDir: config.billsDir, invoiceGraceDays: config.invoiceGraceDays, taxNodeUrl: config.taxNodeUrl });
  const stopSchedule = config.reconcileCron ? scheduleReconciliation(reconcileDeps, config.reconcileCron, logger) : () => undefined;
  if (config.reconcileCron && config.reconcileCatchUpDays > 0) {
    // in the background: the service serves while missed days are reconciled
    void catchUpReconciliation(reconcileDeps, config.reconcileCatchUpDays, logger).then((days) => {
      if (days.length > 0) logger.info({ days }, 'caught up reconciliation of missed days');
    });
  }
  const { app, stop } = await createApp({ platform, logger, reconcileDeps, graphqlIntrospection: config.graphqlIntrospection, authFailuresPerMinute: config.authFailuresPerMinute,
    metrics, ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });

  const { server, port } = await listenOn(app, config.port, config.host).catch(async (err: unknown) => {
    // nothing may stay open behind a refused start: the process exits with the message
    stopSealing();
    stopSchedule();
    replicator?.stop();
    platform.close();
    await stop();
    throw err;
  });
  server.keepAliveTimeout = 5000;
  const url = `http://${config.host}:${port}`;
  logger.info({ url, origin: signer.name, dataDir: config.dataDir }, 'platform node listening');

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down: draining requests');
      // a pending promise does not keep Node alive: hold the loop open until shutdown is done
      const keepAlive = setInterval(() => undefined, 1000);
      try {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
        await drained;
        clearTimeout(timer);
        logger.debug('drained');
        stopSealing();
        stopSchedule();
        replicator?.stop();
        stopOutbox();
        const sealed = platform.ledger.seal();
        if (sealed) logger.info({ size: sealed.size }, 'sealed the pending block');
        platform.close();
        logger.debug('database closed');
        await stop();
        logger.debug('graphql stopped');
      } finally {
        clearInterval(keepAlive);
      }
      logger.info('stopped');
    })();
    return closing;
  };
  return { platform, replicator, server, url, metrics, shutdown };
}
