// Failed authentication is rationed per source address, so API keys cannot be guessed at
// line rate (2,000 bad keys in 8.3 s met no throttle: issue 10, finding 15). The budget is
// checked before the key is looked at, so a throttled source learns nothing, not even that
// a key it guessed is right; a valid key costs one read of a counter and is never delayed.
import { DomainError, type Clock } from '../domain/index.js';
import { RateLimiter, sourceKeyOf } from '../shared/rate-limit.js';
import { authenticate } from './api-keys.js';
import type { ApiKeyStore } from './ports.js';
import type { Principal } from './principal.js';

export interface AuthenticationThrottleOptions {
  /** Failed authentications allowed per source per minute. */
  readonly failuresPerMinute: number;
  readonly clock?: Clock;
}

export class AuthenticationThrottle {
  private readonly failures: RateLimiter;

  constructor(options: AuthenticationThrottleOptions) {
    this.failures = new RateLimiter({ limit: options.failuresPerMinute, windowMs: 60_000, ...(options.clock ? { clock: options.clock } : {}) });
  }

  /**
   * `authenticate` behind the source's failure budget: null for no header; DomainError
   * `ACCESS.RATE_LIMITED` (details: `retryAfterSeconds`) while the source is over its budget,
   * whatever the key; `ACCESS.UNAUTHENTICATED` for a bad key, which is charged to the source.
   */
  authenticate(deps: { keys: ApiKeyStore; adminBootstrapKey?: string | undefined }, authorization: string | undefined, source: string | undefined): Principal | null {
    if (authorization === undefined || authorization === '') return null;
    const key = sourceKeyOf(source);
    const budget = this.failures.check(key);
    if (!budget.allowed) {
      throw new DomainError('ACCESS.RATE_LIMITED', `too many failed authentications from this address; try again in ${budget.retryAfterSeconds} s`, { retryAfterSeconds: budget.retryAfterSeconds });
    }
    try {
      return authenticate(deps, authorization);
    } catch (error) {
      this.failures.charge(key);
      throw error;
    }
  }
}
