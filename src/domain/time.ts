// Tax dates are Beijing dates (Asia/Shanghai, UTC+8 all year: China has no daylight saving
// since 1991), so the offset is fixed and no time-zone database is needed.
import { DomainError } from './errors.js';

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

// ---------------------------------------------------------------------------------------------
// Plausible windows, defined once. A date outside them is a typo or an attack, never business:
// - EARLIEST_PAID_AT: payments older than this are not invoiced here (the platform, and the
//   providers it takes webhooks from, did not exist; RFC 3339 instants before 2000 in a payment
//   notification have only ever been bugs such as a zero epoch).
// - LEDGER_EPOCH_DATE: the fully digitalized e-invoice (数电票) started with the pilots of
//   1 December 2021 (内蒙古, 广东 and 上海 tax bureaus); no invoice of this ledger, and so no
//   tax period or reconciliation day, can lie before it.
// - the future: a payment at most the webhook tolerance ahead of our clock (the provider's
//   clock may lead ours by that much, as the signature check allows); a tax period at most the
//   current Beijing month or quarter.
// ---------------------------------------------------------------------------------------------

/** The earliest `paidAt` accepted: 2000-01-01T00:00:00Z. */
export const EARLIEST_PAID_AT = '2000-01-01T00:00:00.000Z';

/** The Beijing date before which no entry of the ledger can lie (数电票 pilots started). */
export const LEDGER_EPOCH_DATE = '2021-12-01';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** True for a YYYY-MM-DD string naming a day that exists (2026-02-30 does not; nothing is normalised). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// RFC 3339 §5.6 date-time, with a mandatory offset; at most millisecond precision is kept
// meaningful (more digits are accepted and truncated by Date, which is what the ledger stores).
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/u;

/**
 * Parses an RFC 3339 instant strictly: the calendar date must exist (no 2026-02-30, no hour 24,
 * no leap second) and an offset is required. Returns the instant as ISO-8601 UTC, or null.
 */
export function parseInstant(value: string): string | null {
  const m = INSTANT.exec(value);
  if (!m || !isCalendarDate(m[1] as string)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * A payment instant: strict RFC 3339, not before EARLIEST_PAID_AT and at most
 * `toleranceSeconds` after `now` (the window of the webhook signature). Throws DomainError
 * `TIME.IMPLAUSIBLE` (or `TIME.INVALID` when not a real instant) with `details.field`.
 */
export function parsePaidAt(value: string, options: { now: Date; toleranceSeconds: number; field: string }): string {
  const instant = parseInstant(value);
  if (instant === null) {
    throw new DomainError('TIME.INVALID', `${options.field} must be an RFC 3339 instant on a real calendar date, with an offset`, { field: options.field });
  }
  const latest = options.now.getTime() + options.toleranceSeconds * 1000;
  if (instant < EARLIEST_PAID_AT || Date.parse(instant) > latest) {
    throw new DomainError('TIME.IMPLAUSIBLE', `${options.field} must lie between ${EARLIEST_PAID_AT} and now`, { field: options.field });
  }
  return instant;
}
