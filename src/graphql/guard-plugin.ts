// The Apollo plugin both nodes install in front of their schema:
// - before parsing, the query text's bytes, tokens and nesting (./source-gate.ts), so a text
//   too large or too deep for graphql-js's recursive parser is never parsed;
// - before graphql's validation, the depth, size and job limits (./limits.ts);
// - once the operation is known, what depends on who asks: an anonymous request may carry
//   ANONYMOUS_FIELD_LIMITS occurrences of a field (one 查验 per request, so the per-request rate
//   limit counts every verification), and may introspect only when the node allows it.
// Errors thrown from these hooks reach the client through formatError with their code.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../access/index.js';
import { ANONYMOUS_FIELD_LIMITS, limitErrors, measure } from './limits.js';
import type { OperationCost } from './operation-cost.js';
import { checkQuerySource, MAX_TOKENS } from './source-gate.js';

export interface GuardedContext extends BaseContext {
  readonly principal: Principal | null;
}

export interface GuardOptions<TContext extends GuardedContext> {
  /** Whether anonymous requests may read __schema / __type (a development flag). */
  readonly anonymousIntrospection: (context: TContext) => boolean;
}

function anonymousChecks(operation: OperationDefinitionNode, cost: OperationCost, introspectionAllowed: boolean): GraphQLError | null {
  for (const [name, limit] of Object.entries(ANONYMOUS_FIELD_LIMITS)) {
    const n = cost.occurrences.get(name) ?? 0;
    if (n > limit) {
      return new GraphQLError(`a request without an API key may ask for ${name} ${limit === 1 ? 'once' : `${limit} times`}; this one asks ${n} times`, {
        nodes: [operation],
        extensions: { code: 'BAD_USER_INPUT', detail: 'GRAPHQL.ANONYMOUS_FIELD_LIMIT', http: { status: 400 } },
      });
    }
  }
  if (cost.introspects && !introspectionAllowed) {
    return new GraphQLError('introspection (__schema, __type) needs an API key', {
      nodes: [operation],
      extensions: { code: 'UNAUTHENTICATED', detail: 'GRAPHQL.INTROSPECTION_NEEDS_KEY', http: { status: 401 } },
    });
  }
  return null;
}

/**
 * Apollo answers any error thrown before parsing with a bare 500 ("Unexpected error processing
 * request"). So a text refused by the source gate or the limits is swapped, before Apollo
 * reads it, for a trivial document, and the refusal is thrown once the operation is resolved:
 * there Apollo answers with the error as given (400 and its code). Apollo never parses or
 * validates the refused text.
 */
const STAND_IN = '{ __typename }';

/**
 * The first limitErrors of a text that passed the source gate, or null. Run before Apollo's
 * validation, so graphql's own rules (some quadratic) only ever see documents within the
 * limits. A text that does not parse is left to Apollo, which reports the syntax error.
 */
function checkLimits(query: string): GraphQLError | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    return null;
  }
  const first = limitErrors(document)[0];
  return first ? new GraphQLError(first.message, { nodes: first.nodes, extensions: { ...first.extensions, http: { status: 400 } } }) : null;
}

export function guardPlugin<TContext extends GuardedContext>(options: GuardOptions<TContext>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const refused = typeof request.query === 'string' ? checkQuerySource(request.query) ?? checkLimits(request.query) : null;
      if (refused) {
        request.query = STAND_IN;
        request.operationName = undefined;
      }
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          if (refused) throw refused;
          if (contextValue.principal !== null || !operation) return;
          const cost = measure(document).get(operation);
          const anonymousRefusal = cost ? anonymousChecks(operation, cost, options.anonymousIntrospection(contextValue)) : null;
          if (anonymousRefusal) throw anonymousRefusal;
        },
      };
    },
  };
}
