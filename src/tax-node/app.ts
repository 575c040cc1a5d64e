// The tax node's HTTP surface: block replication from the platforms it follows, the tax
// authority's GraphQL, health checks. createTaxNodeApp never listens.
import express, { type NextFunction, type Request, type Response } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from 'pino';
import { AuthenticationThrottle } from '../access/index.js';
import { authenticateRequest } from '../graphql/authenticate-request.js';
import { sourceKeyOf } from '../shared/rate-limit.js';
import { acceptBlock, maxBlockBodyBytes, type BlockOutcome } from '../witness/index.js';
import { rootAt } from '../ledger/index.js';
import { BLOCKS_PATH, STATUS_PATH, blockOutcomeToHttp, decodeBlockRequest, statusToHttp } from '../http/tax-node-protocol.js';
import { jsonErrorHandler } from '../http/error-handler.js';
import { createTaxNodeApollo, type TaxNodeContext } from './graphql.js';
import type { TaxNode } from './node.js';
import { taxNodeDocumentRouter } from './document-routes.js';
import { verifyPageRouter } from '../pages/verify-page.js';
import { explorerRouter } from '../pages/explorer-page.js';
import { taxNodePublicUrlFrom } from '../http/documents/config.js';
import { attachResponse, operationLogPlugin, recordOnResponse } from '../observability/graphql-plugin.js';
import { createTaxNodeMetrics, metricsHandler, routeOf } from '../observability/metrics.js';
import { TAX_NODE_SERVICE } from '../observability/logger.js';

export interface TaxNodeAppOptions {
  /** How a request's source is keyed for rate limits (default: sourceKeyOf its socket address). */
  readonly sourceKey?: (req: Request) => string;
  /** METRICS_TOKEN: GET /metrics wants it as a Bearer token. */
  readonly metricsToken?: string;
}

/**
 * Block bodies above LARGE_BODY_BYTES are read and parsed at most MAX_LARGE_BODIES at a time:
 * a body may legitimately be tens of MB (maxBlockBodyBytes) and costs a few times that in
 * memory while parsed, so without a cap a handful of concurrent uploads would exhaust it.
 * The platform sends one block at a time and everyday blocks are far smaller than this.
 */
export const LARGE_BODY_BYTES = 1024 * 1024;
export const MAX_LARGE_BODIES = 2;

function tooManyRequests(res: Response, retryAfterSeconds: number, body: object): void {
  res.set('Retry-After', String(retryAfterSeconds));
  res.status(429).json(body);
}

export async function createTaxNodeApp(node: TaxNode, logger: Logger, options: TaxNodeAppOptions = {}): Promise<{ app: express.Express; stop(): Promise<void> }> {
  const operations = operationLogPlugin<TaxNodeContext>(logger, recordOnResponse);
  const apollo = createTaxNodeApollo({ logError: (err) => logger.error({ err }, 'graphql resolver failed'), plugins: [operations] });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  const metrics = createTaxNodeMetrics(TAX_NODE_SERVICE, {
    counters: () => node.counters,
    alertsByKind: () => node.store.alertCountsByKind(),
    ledgers: () => [...node.followed.values()].map((f) => ({ origin: f.origin, size: f.mirror.ledger.size(), lastAcceptedAt: f.mirror.ledger.latestCheckpoint()?.signedAt ?? null })),
    now: () => node.clock.now().getTime(),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.on('finish', () => {
      const failed = res.statusCode >= 400 ? `http_${res.statusCode}` : 'ok';
      const outcome = typeof res.locals['outcome'] === 'string' && res.locals['outcome'] !== 'ok' ? res.locals['outcome'] : failed;
      metrics.requests.inc({ route: routeOf(req.path), operation: typeof res.locals['operation'] === 'string' ? res.locals['operation'] : '-', outcome });
    });
    next();
  });
  app.get('/metrics', metricsHandler(metrics.registry, options.metricsToken));
  const sourceKey = options.sourceKey ?? ((req: Request) => sourceKeyOf(req.socket.remoteAddress));
  const blockBodyLimit = maxBlockBodyBytes(node.config.blockMaxEntries);
  /**
   * Charges a replication request that did not add a block to its source's budget and counts
   * it under `reason` (a duplicate is answered, so it is charged but not counted); logs the
   * first refusal of a reason and every 100th, with the counters, so a flood cannot flood the log.
   */
  const refuseBlock = (req: Request, reason: string | null): void => {
    node.limits.replicationRefused.charge(sourceKey(req));
    if (reason === null) return;
    node.countRefusedBlock(reason);
    const count = node.counters.refusedBlocks[reason] ?? 0;
    if (count === 1 || count % 100 === 0) logger.warn({ reason, refusedBlocks: node.counters.refusedBlocks }, `replication block refused (${reason}: ${count} so far)`);
  };
  const authThrottle = new AuthenticationThrottle({ failuresPerMinute: node.config.authFailuresPerMinute, clock: node.clock });

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    try {
      res.json({
        status: 'ready',
        ledgers: [...node.followed.values()].map((f) => ({ origin: f.origin, size: f.mirror.ledger.size() })),
        counters: node.counters,
      });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // refused requests are charged per source and a source over its budget is refused before
  // its body is read; accepted blocks cost nothing, so a platform catching up is never slowed
  const replicationGate = (req: Request, res: Response, next: NextFunction): void => {
    const gate = node.limits.replicationRefused.check(sourceKey(req));
    if (gate.allowed) return next();
    node.countRefusedBlock('RATE_LIMITED');
    tooManyRequests(res, gate.retryAfterSeconds, {
      reason: 'RATE_LIMITED', message: `too many refused blocks from this source; try again in ${gate.retryAfterSeconds} seconds`, retryAfter: gate.retryAfterSeconds,
    });
  };
  const largeBodyGate = (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.get('content-length'));
    if (Number.isSafeInteger(declared) && declared <= LARGE_BODY_BYTES) return next();
    if (node.counters.largeBlocksInFlight >= MAX_LARGE_BODIES) {
      node.countRefusedBlock('BUSY');
      res.set('Retry-After', '1');
      res.status(503).json({ reason: 'BUSY', message: 'too many large blocks are being received; try again in 1 second' });
      return;
    }
    node.counters.largeBlocksInFlight += 1;
    res.once('close', () => void (node.counters.largeBlocksInFlight -= 1));
    next();
  };
  app.post(BLOCKS_PATH, replicationGate, largeBodyGate, express.json({ limit: blockBodyLimit }), (req: Request, res: Response) => {
    const block = decodeBlockRequest(req.body);
    if (!block) {
      refuseBlock(req, 'BODY_MALFORMED');
      res.status(400).json({ reason: 'MALFORMED', message: 'expected {origin, checkpoint, firstIndex, leaves: [base64]}' });
      return;
    }
    let outcome: BlockOutcome;
    try {
      outcome = acceptBlock(node.acceptDeps, block);
    } catch (err) {
      logger.error({ err }, 'accepting a block failed');
      res.status(500).json({ reason: 'INTERNAL', message: 'Internal server error' });
      return;
    }
    if (outcome.kind === 'accepted' && !outcome.duplicate) {
      node.counters.acceptedBlocks += 1;
      logger.info({ origin: block.origin, firstIndex: block.firstIndex, entries: block.leaves.length }, 'block accepted and cosigned');
      const followed = node.followed.get(block.origin);
      try {
        if (followed) node.indexMirror(followed);
      } catch (err) {
        // the block is stored and cosigned; the indexes catch up on the next block or restart
        logger.error({ err, origin: block.origin }, 'indexing accepted entries failed');
      }
    } else {
      refuseBlock(req, outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'behind' ? 'MISPLACED' : null);
    }
    if (outcome.kind === 'refused' && outcome.evidenceId) logger.warn({ origin: block.origin, reason: outcome.reason, evidenceId: outcome.evidenceId }, outcome.message);
    const answer = blockOutcomeToHttp(outcome);
    res.status(answer.status).json(answer.body);
  });
  // bodies refused by the parser (too large, not JSON) are counted and charged like any other
  app.use(BLOCKS_PATH, (error: unknown, req: Request, _res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (status === 413 || status === 400) refuseBlock(req, status === 413 ? 'BODY_TOO_LARGE' : 'BODY_MALFORMED');
    next(error);
  });

  // what the node holds of a ledger: its size and its root at a size (for the platform's reconciliation)
  app.post(STATUS_PATH, express.json({ limit: '16kb' }), (req: Request, res: Response) => {
    const body = req.body as { origin?: unknown; size?: unknown };
    const followed = typeof body.origin === 'string' ? node.followed.get(body.origin) : undefined;
    if (!followed || !Number.isSafeInteger(body.size) || (body.size as number) < 1) {
      res.status(400).json({ reason: 'MALFORMED', message: 'expected {origin, size} of a followed ledger' });
      return;
    }
    const size = body.size as number;
    const held = followed.mirror.ledger.size();
    res.json(statusToHttp({ held, root: size <= held ? rootAt(followed.mirror.ledger, size) : null, cosigned: followed.mirror.ledger.cosignatures(size).length > 0 }));
  });

  app.use(explorerRouter('tax node'));
  app.use(verifyPageRouter(() => ({ logKeys: [...node.followed.values()].map((f) => f.logKey), witnessKeys: [node.config.witness.verifierKey] })));
  app.use(taxNodeDocumentRouter(node, logger, { sourceKey, taxNodePublicUrl: taxNodePublicUrlFrom() }));

  // anonymous 查验: a budget per source and one for everybody together, both fixed in memory;
  // checked before the body is read, charged only when both allow
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.get('Authorization')) return next();
    const source = sourceKey(req);
    const own = node.limits.publicVerifySource.check(source);
    const everyone = node.limits.publicVerifyGlobal.check('anonymous');
    if (own.allowed && everyone.allowed) {
      node.limits.publicVerifySource.charge(source);
      node.limits.publicVerifyGlobal.charge('anonymous');
      node.counters.publicVerifyAnswered += 1;
      return next();
    }
    if (!own.allowed) node.counters.publicVerifyRateLimited.source += 1;
    else node.counters.publicVerifyRateLimited.global += 1;
    const retryAfter = Math.max(own.retryAfterSeconds, everyone.retryAfterSeconds);
    tooManyRequests(res, retryAfter, {
      errors: [{ message: `too many requests without a key; try again in ${retryAfter} seconds`, extensions: { code: 'FORBIDDEN', detail: 'RATE_LIMITED', retryAfter } }],
    });
  }, express.json({ limit: '1mb' }));
  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<TaxNodeContext> => {
        const principal = authenticateRequest(authThrottle, { keys: node.keys, adminBootstrapKey: node.config.adminBootstrapKey }, {
          authorization: req.get('Authorization'), source: req.socket.remoteAddress,
        });
        const context: TaxNodeContext = { principal, node };
        attachResponse(context, res.locals);
        return context;
      },
    }),
  );
  app.use((_req, res) => void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } }));
  app.use(jsonErrorHandler(logger));
  return { app, stop: () => apollo.stop() };
}
