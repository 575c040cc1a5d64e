// Boots the tax node: databases, silence checks, the HTTP app; shutdown drains and closes.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../domain/index.js';
import { formatVerifierKey } from '../ledger/index.js';
import { createLogger } from '../platform/boot.js';
import { TAX_NODE_SERVICE } from '../observability/logger.js';
import { randomIds, type IdGenerator } from '../shared/ids.js';
import { checkSilence } from '../witness/index.js';
import { createTaxNodeApp } from './app.js';
import { listenOn } from '../http/listen.js';
import type { TaxNodeConfig } from './config.js';
import { openTaxNode, type TaxNode } from './node.js';

export interface RunningTaxNode {
  readonly node: TaxNode;
  readonly server: Server;
  readonly url: string;
  shutdown(): Promise<void>;
}

export async function bootTaxNode(config: TaxNodeConfig, options: { logger?: Logger; clock?: Clock; ids?: IdGenerator } = {}): Promise<RunningTaxNode> {
  const logger = options.logger ?? createLogger(config.logLevel, TAX_NODE_SERVICE);
  const node = openTaxNode(config, { clock: options.clock ?? systemClock, ids: options.ids ?? randomIds });
  for (const followed of node.followed.values()) {
    const indexed = node.indexMirror(followed);
    if (indexed > 0) logger.info({ origin: followed.origin, indexed }, 'indexed mirrored entries left unindexed by the last run');
  }
  const { app, stop } = await createTaxNodeApp(node, logger, config.metricsToken ? { metricsToken: config.metricsToken } : {});
  const silence = setInterval(() => {
    try {
      const raised = checkSilence({ followed: node.followed, store: node.store, clock: node.clock, ids: node.ids, thresholdMs: config.silenceAlertMs, startedAt: node.startedAt });
      if (raised > 0) logger.warn({ raised }, 'a followed ledger has gone silent');
    } catch (err) {
      logger.error({ err }, 'silence check failed');
    }
  }, Math.max(1000, Math.min(60_000, Math.floor(config.silenceAlertMs / 4))));
  silence.unref();
  const { server, port } = await listenOn(app, config.port, config.host).catch(async (err: unknown) => {
    clearInterval(silence);
    node.close();
    await stop();
    throw err;
  });
  const url = `http://${config.host}:${port}`;
  logger.info({ url, witness: formatVerifierKey(config.witness.verifierKey), follows: config.ledgers.map((l) => l.origin), dataDir: config.dataDir }, 'tax node listening');
  let closing: Promise<void> | null = null;
  return {
    node, server, url,
    shutdown() {
      closing ??= (async () => {
        const keepAlive = setInterval(() => undefined, 1000);
        try {
          clearInterval(silence);
          const drained = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          const timer = setTimeout(() => server.closeAllConnections(), 5000);
          await drained;
          clearTimeout(timer);
          node.close();
          await stop();
          logger.info('tax node stopped');
        } finally {
          clearInterval(keepAlive);
        }
      })();
      return closing;
    },
  };
}
