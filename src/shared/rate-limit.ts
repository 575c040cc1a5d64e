// A rate limiter whose memory is fixed when it is built, so no number of distinct keys
// (source addresses, API keys) can grow it or flush it. A flushed table is a reset: the old
// limiter cleared its Map after 10,000 addresses, and churning addresses switched it off.
//
// Counts live in a count-min sketch (Cormode & Muthukrishnan, 2005): DEPTH rows of `buckets`
// counters, each row indexed by a differently seeded hash of the key; a key's count is the
// minimum over its rows. Collisions can only over-count, so a crowded table limits a little
// early and never lets anyone through early. The seeds are random per process, so a caller
// cannot aim collisions at somebody else's key.
//
// Windows are fixed (aligned to `windowMs`) with the previous window's count weighted by how
// much of it still overlaps the sliding window ending now: the usual sliding-window estimate,
// at two counters per bucket.
import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { systemClock, type Clock } from '../domain/index.js';

const DEPTH = 2;

export interface RateLimiterOptions {
  /** Requests (or cost units) allowed per sliding window, per key. */
  readonly limit: number;
  readonly windowMs: number;
  /** Counters per row; memory is DEPTH × buckets × 2 × 4 bytes. 1 makes a global budget. */
  readonly buckets?: number;
  readonly clock?: Clock;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until the key's count has decayed enough to allow one more unit. */
  readonly retryAfterSeconds: number;
}

/** 32-bit FNV-1a over the key's UTF-16 code units, with a seed folded into the basis. */
function _hash(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32): FNV's low bits mix poorly for short keys
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly buckets: number;
  private readonly clock: Clock;
  private readonly seeds: Uint32Array;
  private current: Uint32Array;
  private previous: Uint32Array;
  private windowStart = 0;

  constructor(options: RateLimiterOptions) {
    const buckets = options.buckets ?? 65_536;
    if (!Number.isSafeInteger(options.limit) || options.limit < 1) throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
    if (!Number.isSafeInteger(options.windowMs) || options.windowMs < 1) throw new RangeError(`windowMs must be a positive integer, got ${options.windowMs}`);
    if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > 1 << 24) throw new RangeError(`buckets must be in 1..2^24, got ${buckets}`);
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.buckets = buckets;
    this.clock = options.clock ?? systemClock;
    this.seeds = new Uint32Array(randomBytes(4 * DEPTH).buffer);
    this.current = new Uint32Array(DEPTH * buckets);
    this.previous = new Uint32Array(DEPTH * buckets);
  }

  /** Charges `cost` to `key` if that keeps it within the limit; a refused request is not charged. */
  take(key: string, cost = 1): RateDecision {
    const decision = this.check(key, cost);
    if (decision.allowed) this.charge(key, cost);
    return decision;
  }

  /** Charges `cost` to `key` whatever its count (failures keep counting while refused). */
  charge(key: string, cost = 1): void {
    if (!Number.isSafeInteger(cost) || cost < 0) throw new RangeError(`cost must be a non-negative integer, got ${cost}`);
    this.rotate();
    for (let row = 0; row < DEPTH; row++) {
      const i = this.slot(key, row);
      this.current[i] = Math.min(0xffffffff, (this.current[i] ?? 0) + cost);
    }
  }

  /** Whether `cost` more units for `key` would stay within the limit, without charging. */
  check(key: string, cost = 1): RateDecision {
    this.rotate();
    const now = this.clock.now().getTime();
    const elapsed = now - this.windowStart;
    let current = Infinity;
    let previous = Infinity;
    for (let row = 0; row < DEPTH; row++) {
      const i = this.slot(key, row);
      current = Math.min(current, this.current[i] ?? 0);
      previous = Math.min(previous, this.previous[i] ?? 0);
    }
    // integer arithmetic on the weighted estimate: previous × (windowMs − elapsed) / windowMs
    const weightedPrevious = Math.ceil((previous * (this.windowMs - elapsed)) / this.windowMs);
    if (current + weightedPrevious + cost <= this.limit) return { allowed: true, retryAfterSeconds: 0 };
    // the earliest moment the estimate can admit `cost`: when the previous window has decayed
    // enough, or failing that, when the current one becomes the previous
    let waitMs: number;
    if (current + cost <= this.limit) {
      // the previous window's weight must fall by the excess
      const excess = current + weightedPrevious + cost - this.limit;
      waitMs = Math.ceil((excess * this.windowMs) / previous);
    } else if (cost > this.limit) {
      waitMs = 2 * this.windowMs - elapsed;
    } else {
      // the current window becomes the previous one, then its weight must fall to limit − cost
      const remaining = this.windowMs - elapsed;
      waitMs = remaining + Math.ceil(((current - (this.limit - cost)) * this.windowMs) / current);
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private slot(key: string, row: number): number {
    return row * this.buckets + (this.buckets === 1 ? 0 : _hash(key, this.seeds[row] ?? 0) % this.buckets);
  }

  private rotate(): void {
    const now = this.clock.now().getTime();
    const start = now - (now % this.windowMs);
    if (start === this.windowStart) return;
    if (start - this.windowStart === this.windowMs) {
      const old = this.previous;
      this.previous = this.current;
      this.current = old;
      this.current.fill(0);
    } else {
      // more than one window passed (or the clock went back): nothing recent is left
      this.previous.fill(0);
      this.current.fill(0);
    }
    this.windowStart = start;
  }
}

/**
 * The unit a source is counted by: an IPv4 address (also when IPv4-mapped), or the /64 prefix
 * of an IPv6 address, since one host commonly holds a whole /64 (per-address keys would let it
 * churn for free). Callers pass the socket's address, never a forwarded header: no node sits
 * behind a proxy it trusts.
 */
export function sourceKeyOf(address: string | undefined): string {
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
