// The retry schedule: WeChat Pay's published one for its notifications (15 s, 15 s, 30 s,
// 3 min, 10 min, 20 min, 30 min ×3, 60 min, 3 h ×3, 6 h ×2 — 支付结果通知, "通知频率"), so
// merchants who integrated WeChat Pay meet the same rhythm here.

export const RETRY_DELAYS_SECONDS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

/** One first attempt and one per retry: after this many failures an event is dead. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Delay before the next attempt after `failedAttempts` failures, or null when the event is dead. */
export function retryDelayMs(failedAttempts: number): number | null {
  const delay = RETRY_DELAYS_SECONDS[failedAttempts - 1];
  return delay === undefined ? null : delay * 1000;
}
