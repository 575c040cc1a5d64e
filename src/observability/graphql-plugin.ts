// One log line per GraphQL operation: its name, and for an error its code and reason
// (extensions.code and .detail). Variables, the query text and the Authorization header are
// never logged: they can carry keys, apply tokens and buyers' details.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { operationLabel } from './metrics.js';

const RESPONSE = Symbol('http response');

/**
 * Ties a GraphQL context to its HTTP response, so the operation's name and outcome reach the
 * request's metrics line. An enumerable symbol property, not a WeakMap: Apollo hands resolvers and plugins a
 * copy of the context object, and a copy keeps its own properties.
 */
export function attachResponse(context: object, locals: Record<string, unknown>): void {
  // enumerable: Apollo's copy of the context keeps enumerable own properties only
  Object.defineProperty(context, RESPONSE, { value: locals, enumerable: true });
}

/** Records the operation and outcome in the response's locals (see attachResponse). */
export function recordOnResponse(context: object, result: OperationResult): void {
  const locals = (context as Record<symbol, Record<string, unknown> | undefined>)[RESPONSE];
  if (locals) Object.assign(locals, { operation: result.operation, outcome: result.outcome });
}

export interface OperationResult {
  readonly operation: string;
  /** 'ok', or the first error's extensions.code. */
  readonly outcome: string;
}

export function operationLogPlugin<TContext extends BaseContext>(logger: Logger, onResult?: (context: TContext, result: OperationResult) => void): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const body = rc.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const operation = operationLabel(rc.operationName ?? rc.request.operationName ?? (rc.operation ? null : undefined));
          const codes = errors.map((e) => ({ code: String(e.extensions?.['code'] ?? 'UNKNOWN'), reason: typeof e.extensions?.['detail'] === 'string' ? e.extensions['detail'] : e.message.slice(0, 200) }));
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (codes.length === 0) logger.info({ operation, ms }, 'graphql');
          else logger.info({ operation, ms, errors: codes }, `graphql ${codes[0]?.code ?? ''}`);
          onResult?.(rc.contextValue, { operation, outcome: codes[0]?.code ?? 'ok' });
        },
      };
    },
  };
}
