import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/shared/rate-limit.js';

function manualClock(start = Date.UTC(2026, 10, 22, 0, 0, 0)) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

test('a key gets its limit per window, then a retry-after, then room again as the window slides', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, clock });
  for (let i = 0; i < 3; i++) assert.equal(limiter.take('10.0.0.1').allowed, true);
  const refused = limiter.take('10.0.0.1');
  assert.equal(refused.allowed, false);
  assert.ok(refused.retryAfterSeconds > 60 && refused.retryAfterSeconds <= 120, "the full window still weighs on the next one");
  assert.equal(limiter.take('10.0.0.2').allowed, true, 'other keys are not affected');
  clock.advance(120_000);
  assert.equal(limiter.take('10.0.0.1').allowed, true);
});

test('the previous window still counts in proportion to its overlap', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 10, windowMs: 60_000, clock });
  for (let i = 0; i < 10; i++) limiter.take('k');
  clock.advance(60_000); // the new window starts: all 10 still overlap
  assert.equal(limiter.take('k').allowed, false);
  clock.advance(30_000); // half overlaps: 5 count
  for (let i = 0; i < 5; i++) assert.equal(limiter.take('k').allowed, true);
  assert.equal(limiter.take('k').allowed, false);
});

test('address churn cannot reset the limiter: 100,000 other keys later, a limited key is still limited', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 5, windowMs: 60_000, buckets: 4096, clock });
  for (let i = 0; i < 5; i++) limiter.take('attacker');
  for (let i = 0; i < 100_000; i++) limiter.take(`198.51.${i >> 8}.${i & 255}:${i}`);
  assert.equal(limiter.take('attacker').allowed, false);
});

test('one bucket is a global budget shared by every key', () => {
  const clock = manualClock();
  const budget = new RateLimiter({ limit: 4, windowMs: 1000, buckets: 1, clock });
  assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => budget.take(k).allowed), [true, true, true, true, false]);
});

test('charge counts refused failures too, and take charges a cost of several units', () => {
  const clock = manualClock();
  const failures = new RateLimiter({ limit: 3, windowMs: 60_000, clock });
  for (let i = 0; i < 10; i++) failures.charge('src');
  assert.equal(failures.check('src').allowed, false);
  clock.advance(60_000);
  assert.equal(failures.check('src').allowed, false, '10 failures still weigh on the next window');
  const costly = new RateLimiter({ limit: 5, windowMs: 60_000, clock });
  assert.equal(costly.take('x', 5).allowed, true);
  assert.equal(costly.take('x', 1).allowed, false);
});

test('caller bugs throw RangeError', () => {
  assert.throws(() => new RateLimiter({ limit: 0, windowMs: 1 }), RangeError);
  assert.throws(() => new RateLimiter({ limit: 1, windowMs: 1.5 }), RangeError);
  assert.throws(() => new RateLimiter({ limit: 1, windowMs: 1 }).charge('k', -1), RangeError);
});

test('retry-after is honest: a retry after that many seconds is allowed, a little before is not', () => {
  for (const [limit, used, at] of [[10, 10, 0], [10, 10, 45_000], [10, 4, 59_000], [3, 3, 1_000]] as const) {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit, windowMs: 60_000, clock });
    for (let i = 0; i < used; i++) limiter.take('k');
    clock.advance(at);
    if (used < limit) for (let i = used; i < limit; i++) limiter.take('k');
    const refused = limiter.check('k');
    assert.equal(refused.allowed, false);
    clock.advance(refused.retryAfterSeconds * 1000);
    assert.equal(limiter.check('k').allowed, true, `limit ${limit}, used ${used} at ${at}: allowed after ${refused.retryAfterSeconds}s`);
  }
});
