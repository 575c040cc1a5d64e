// Tax dates are Beijing dates (Asia/Shanghai, UTC+8 all year: China has no daylight saving
// since 1991), so the offset is fixed and no time-zone database is needed.

/** Injected source of the current instant, so tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instants [start, end) of a Beijing calendar date. */
export function beijingDayBounds(date: string): { start: Date; end: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(date)) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  const start = new Date(Date.parse(`${date}T00:00:00.000+08:00`));
  if (Number.isNaN(start.getTime()) || beijingDate(start) !== date) throw new RangeError(`"${date}" is not a calendar date`);
  return { start, end: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
}
