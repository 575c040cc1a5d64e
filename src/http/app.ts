// createApp(deps): the express app with health checks, the payment webhook and GraphQL. It
// never listens; main.ts (or a test through supertest) decides where it runs.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from 'pino';
import { AuthenticationThrottle } from '../access/index.js';
import { authenticateRequest } from '../graphql/authenticate-request.js';
import { createLoaders, type GraphQLContext } from '../graphql/context.js';
import { createApolloServer } from '../graphql/server.js';
import type { Platform } from '../platform/platform.js';
import { jsonErrorHandler } from './error-handler.js';
import { graphqlBodyParser } from './graphql-body.js';
import { providerRouter } from './provider-routes.js';
import { webhookRouter } from './webhook-route.js';
import { documentRouter } from './documents/platform-routes.js';
import { taxNodePublicUrlFrom } from './documents/config.js';
import { applyPageRouter } from '../pages/apply-page.js';
import { explorerRouter } from '../pages/explorer-page.js';
import type { ReconcileDeps } from '../reconciliation/index.js';
import { attachResponse, operationLogPlugin, recordOnResponse } from '../observability/graphql-plugin.js';
import { metricsHandler, routeOf, type PlatformMetrics } from '../observability/metrics.js';

export interface AppDeps {
  readonly platform: Platform;
  readonly logger: Logger;
  /** For on-demand reconciliation over GraphQL; absent, runReconciliation is unavailable. */
  readonly reconcileDeps?: ReconcileDeps;
  /** Anonymous callers may introspect the schema (GRAPHQL_INTROSPECTION; development only). */
  readonly graphqlIntrospection?: boolean;
  /** Failed authentications allowed per source address per minute (AUTH_FAILURES_PER_MINUTE, default 20). */
  readonly authFailuresPerMinute?: number;
  /** GET /metrics and the request counters; absent, no /metrics route. */
  readonly metrics?: PlatformMetrics;
  /** METRICS_TOKEN: GET /metrics wants it as a Bearer token. */
  readonly metricsToken?: string;
}

const WEBHOOK_PROVIDER: Readonly<Record<string, string>> = { '/webhooks/payments': 'chain-invoice', '/webhooks/wechatpay': 'wechatpay', '/webhooks/alipay': 'alipay' };

/**
 * Body limits of POST /graphql, with and without an Authorization header: a day's trade bill
 * travels in uploadTradeBill's variables; no anonymous operation needs more than a few KB.
 */
export const GRAPHQL_BODY_LIMIT = '1mb';
export const ANONYMOUS_GRAPHQL_BODY_LIMIT = '64kb';

export interface App {
  readonly app: express.Express;
  /** Stops the GraphQL server (call after the HTTP server has drained). */
  stop(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { platform, logger } = deps;
  const operations = operationLogPlugin<GraphQLContext>(logger, recordOnResponse);
  const apollo = createApolloServer({ logError: (err) => logger.error({ err }, 'graphql resolver failed'), introspection: deps.graphqlIntrospection ?? false, plugins: [operations] });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const authThrottle = new AuthenticationThrottle({ failuresPerMinute: deps.authFailuresPerMinute ?? 20, clock: platform.clock });

  // request id and one structured log line per request (no payloads, no keys)
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('X-Request-Id');
    const reqId = given && /^[\w.:-]{1,100}$/u.test(given) ? given : randomUUID();
    res.locals['reqId'] = reqId;
    res.set('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0] ?? '';
      logger.info({ reqId, method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      const route = routeOf(path);
      const failed = res.statusCode >= 400 ? `http_${res.statusCode}` : 'ok';
      const outcome = typeof res.locals['outcome'] === 'string' && res.locals['outcome'] !== 'ok' ? res.locals['outcome'] : failed;
      deps.metrics?.requests.inc({ route, operation: typeof res.locals['operation'] === 'string' ? res.locals['operation'] : '-', outcome });
      const provider = WEBHOOK_PROVIDER[route];
      if (provider !== undefined && req.method === 'POST') {
        const reason = typeof res.locals['refusal'] === 'string' ? res.locals['refusal'] : failed;
        deps.metrics?.webhooks.inc({ provider, reason });
        if (res.statusCode >= 400) logger.warn({ reqId, provider, reason, status: res.statusCode }, 'webhook refused');
      }
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    try {
      if (!platform.db.open) throw new Error('database closed');
      const size = platform.ledger.size();
      res.json({ status: 'ready', ledgerSize: size, latestCheckpoint: platform.ledger.latestCheckpoint()?.size ?? 0 });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  if (deps.metrics) app.get('/metrics', metricsHandler(deps.metrics.registry, deps.metricsToken));

  app.use(webhookRouter(platform, logger));
  app.use(providerRouter(platform, logger));
  app.use(applyPageRouter(platform, { taxNodePublicUrl: taxNodePublicUrlFrom() }));
  app.use(documentRouter(platform, logger, { taxNodePublicUrl: taxNodePublicUrlFrom(), authFailuresPerMinute: deps.authFailuresPerMinute ?? 20 }));

  app.use(explorerRouter('platform'));
  app.use(
    '/graphql',
    graphqlBodyParser({ authenticated: GRAPHQL_BODY_LIMIT, anonymous: ANONYMOUS_GRAPHQL_BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        const principal = authenticateRequest(authThrottle, { keys: platform.keys, adminBootstrapKey: platform.options.adminBootstrapKey }, {
          authorization: req.get('Authorization'), source: req.socket.remoteAddress,
        });
        const context: GraphQLContext = { principal, platform, loaders: createLoaders(platform), reconcileDeps: deps.reconcileDeps ?? null };
        attachResponse(context, res.locals);
        return context;
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
  // body parser failures (too large, bad JSON) and anything unexpected: JSON, never a stack
  app.use(jsonErrorHandler(logger));

  return { app, stop: () => apollo.stop() };
}
