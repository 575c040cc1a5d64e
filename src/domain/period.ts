// Tax periods: a month "2026-10" or a quarter "2026-Q4", as Beijing calendar dates. A period
// is refused outside its plausible window (see time.ts): not before the ledger's epoch month
// (LEDGER_EPOCH_DATE) and, when the caller gives the current instant, not after the current
// Beijing month or quarter.
import { DomainError } from './errors.js';
import { beijingDate, daysInMonth, LEDGER_EPOCH_DATE } from './time.js';

export interface TaxPeriod {
  readonly period: string;
  readonly kind: 'MONTH' | 'QUARTER';
  /** First and last Beijing date of the period, inclusive. */
  readonly from: string;
  readonly to: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function badPeriod(period: string, message: string): DomainError {
  return new DomainError('TAX.BAD_PERIOD', message, { period, field: 'period' });
}

function parseShape(period: string): TaxPeriod | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/u.exec(period);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return { period, kind: 'MONTH', from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}` };
  }
  const quarter = /^(\d{4})-Q([1-4])$/u.exec(period);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]);
    const first = (q - 1) * 3 + 1;
    return { period, kind: 'QUARTER', from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(daysInMonth(y, first + 2))}` };
  }
  return null;
}

/**
 * Parses "YYYY-MM" or "YYYY-Qn"; throws DomainError `TAX.BAD_PERIOD` (details.field "period")
 * for another shape, a period ending before the ledger's epoch (LEDGER_EPOCH_DATE), or — when
 * `options.now` is given — one starting after the current Beijing date's period.
 */
export function parseTaxPeriod(period: string, options: { now?: Date } = {}): TaxPeriod {
  const parsed = typeof period === 'string' ? parseShape(period) : null;
  if (!parsed) throw badPeriod(String(period), `"${String(period)}" is not a period: use a month like 2026-10 or a quarter like 2026-Q4`);
  if (parsed.to < LEDGER_EPOCH_DATE) {
    throw badPeriod(period, `${period} ends before ${LEDGER_EPOCH_DATE}, when the fully digitalized e-invoice began`);
  }
  if (options.now !== undefined && parsed.from > beijingDate(options.now)) {
    throw badPeriod(period, `${period} has not begun yet`);
  }
  return parsed;
}
