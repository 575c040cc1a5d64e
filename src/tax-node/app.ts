// The tax node's HTTP surface: block replication from the platforms it follows, the tax
// authority's GraphQL, health checks. createTaxNodeApp never listens.
import express, { type NextFunction, type Request, type Response } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from 'pino';
import { AuthenticationThrottle } from '../access/index.js';
import { authenticateRequest } from '../graphql/authenticate-request.js';
import { acceptBlock, type BlockOutcome } from '../tax/index.js';
import { rootAt, toBase64 } from '../ledger/index.js';
import { createTaxNodeApollo, type TaxNodeContext } from './graphql.js';
import type { TaxNode } from './node.js';

/** A fixed-window counter per client address for anonymous requests. */
function rateLimiter(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string, now: number): boolean => {
    const w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= perMinute;
  };
}

function parseBlockBody(body: unknown): { origin: string; checkpoint: string; firstIndex: number; leaves: Uint8Array[] } | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b['origin'] !== 'string' || typeof b['checkpoint'] !== 'string' || !Number.isSafeInteger(b['firstIndex']) || (b['firstIndex'] as number) < 0) return null;
  if (!Array.isArray(b['leaves']) || !b['leaves'].every((l) => typeof l === 'string')) return null;
  return { origin: b['origin'], checkpoint: b['checkpoint'], firstIndex: b['firstIndex'] as number, leaves: (b['leaves'] as string[]).map((l) => new Uint8Array(Buffer.from(l, 'base64'))) };
}

export async function createTaxNodeApp(node: TaxNode, logger: Logger): Promise<{ app: express.Express; stop(): Promise<void> }> {
  const apollo = createTaxNodeApollo({ logError: (err) => logger.error({ err }, 'graphql resolver failed') });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  const allowAnonymous = rateLimiter(node.config.publicVerifyPerMinute);
  const authThrottle = new AuthenticationThrottle({ failuresPerMinute: node.config.authFailuresPerMinute, clock: node.clock });

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    try {
      res.json({ status: 'ready', ledgers: [...node.followed.values()].map((f) => ({ origin: f.origin, size: f.mirror.ledger.size() })) });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.post('/replication/blocks', express.json({ limit: '64mb' }), (req: Request, res: Response) => {
    const block = parseBlockBody(req.body);
    if (!block) {
      res.status(400).json({ reason: 'MALFORMED', message: 'expected {origin, checkpoint, firstIndex, leaves: [base64]}' });
      return;
    }
    let outcome: BlockOutcome;
    try {
      outcome = acceptBlock(node.acceptDeps, block);
    } catch (err) {
      logger.error({ err, origin: block.origin }, 'accepting a block failed');
      res.status(500).json({ reason: 'INTERNAL', message: 'Internal server error' });
      return;
    }
    if (outcome.status === 200 && !outcome.duplicate) {
      const followed = node.followed.get(block.origin);
      try {
        if (followed) node.indexMirror(followed);
      } catch (err) {
        // the block is stored and cosigned; the indexes catch up on the next block or restart
        logger.error({ err, origin: block.origin }, 'indexing accepted entries failed');
      }
    }
    if (outcome.status === 422) logger.warn({ origin: block.origin, reason: outcome.reason, evidenceId: outcome.evidenceId }, outcome.message);
    res.status(outcome.status).json(outcome);
  });

  // what the node holds of a ledger: its size and its root at a size (for the platform's reconciliation)
  app.post('/replication/status', express.json({ limit: '16kb' }), (req: Request, res: Response) => {
    const body = req.body as { origin?: unknown; size?: unknown };
    const followed = typeof body.origin === 'string' ? node.followed.get(body.origin) : undefined;
    if (!followed || !Number.isSafeInteger(body.size) || (body.size as number) < 1) {
      res.status(400).json({ reason: 'MALFORMED', message: 'expected {origin, size} of a followed ledger' });
      return;
    }
    const size = body.size as number;
    const held = followed.mirror.ledger.size();
    res.json({ held, root: size <= held ? toBase64(rootAt(followed.mirror.ledger, size)) : null, cosigned: followed.mirror.ledger.cosignatures(size).length > 0 });
  });

  app.use('/graphql', express.json({ limit: '1mb' }), (req: Request, res: Response, next: NextFunction) => {
    if (!req.get('Authorization') && !allowAnonymous(req.socket.remoteAddress ?? 'unknown', Date.now())) {
      res.status(429).json({ errors: [{ message: 'too many anonymous requests; try again in a minute', extensions: { code: 'FORBIDDEN', detail: 'RATE_LIMITED' } }] });
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<TaxNodeContext> => {
        const principal = authenticateRequest(authThrottle, { keys: node.keys, adminBootstrapKey: node.config.adminBootstrapKey }, {
          authorization: req.get('Authorization'), source: req.socket.remoteAddress,
        });
        return { principal, node };
      },
    }),
  );
  app.use((_req, res) => void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } }));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) logger.error({ err: error }, 'request failed');
    res.status(status).json({ error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'BAD_REQUEST' : 'INTERNAL', message: status >= 500 ? 'Internal server error' : (error as Error).message } });
  });
  return { app, stop: () => apollo.stop() };
}
