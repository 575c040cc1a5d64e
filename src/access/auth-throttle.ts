// Failed authentication is rationed per source address, so API keys cannot be guessed at
// line rate (2,000 bad keys in 8.3 s met no throttle: issue 10, finding 15). The budget is
// checked before the key is looked at, so a throttled source learns nothing, not even that
// a key it guessed is right; a valid key costs one read of a counter and is never delayed.
import { isIPv6 } from 'node:net';
import { DomainError, type Clock } from '../domain/index.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { authenticate } from './api-keys.js';
import type { ApiKeyStore } from './ports.js';
import type { Principal } from './principal.js';

/**
 * The unit a source is counted by: an IPv4 address (also when IPv4-mapped), or the /64 prefix
 * of an IPv6 address, since one host commonly holds a whole /64.
 */
export function sourceKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/iu.exec(address);
  if (v4) return v4[1] as string;
  if (isIPv6(address)) {
    const [head = '', tail = ''] = address.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
    return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/u, '')).join(':')}::/64`;
  }
  return address;
}

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
    const key = sourceKey(source);
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
