// The `context` step both nodes share: who is calling, as GraphQL errors a client can act on.
// A bad key is 401 UNAUTHENTICATED; a source over its failure budget is 429 RATE_LIMITED with
// a Retry-After header and `extensions.retryAfterSeconds`.
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { ApiKeyStore, Principal } from '../access/index.js';
import type { AuthenticationThrottle } from '../access/auth-throttle.js';
import { isDomainError } from '../domain/index.js';

export function authenticateRequest(
  throttle: AuthenticationThrottle,
  deps: { keys: ApiKeyStore; adminBootstrapKey?: string | undefined },
  request: { authorization: string | undefined; source: string | undefined },
): Principal | null {
  try {
    return throttle.authenticate(deps, request.authorization, request.source);
  } catch (error) {
    if (isDomainError(error) && error.code === 'ACCESS.RATE_LIMITED') {
      const seconds = error.details['retryAfterSeconds'] as number;
      throw new GraphQLError(error.message, {
        extensions: { code: 'RATE_LIMITED', detail: error.code, retryAfterSeconds: seconds, http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } },
      });
    }
    // one message for every refused key: which part was wrong is nobody's business
    throw new GraphQLError('the API key is not valid', { extensions: { code: 'UNAUTHENTICATED', detail: 'ACCESS.UNAUTHENTICATED', http: { status: 401 } } });
  }
}
