// Tax periods: a month "2026-10" or a quarter "2026-Q4", as Beijing calendar dates.
import { DomainError } from './errors.js';

export interface TaxPeriod {
  readonly period: string;
  readonly kind: 'MONTH' | 'QUARTER';
  /** First and last Beijing date of the period, inclusive. */
  readonly from: string;
  readonly to: string;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Parses "YYYY-MM" or "YYYY-Qn"; throws DomainError `TAX.BAD_PERIOD`. */
export function parseTaxPeriod(period: string): TaxPeriod {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/u.exec(period);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return { period, kind: 'MONTH', from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  const quarter = /^(\d{4})-Q([1-4])$/u.exec(period);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]);
    const first = (q - 1) * 3 + 1;
    return { period, kind: 'QUARTER', from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(lastDay(y, first + 2))}` };
  }
  throw new DomainError('TAX.BAD_PERIOD', `"${period}" is not a period: use a month like 2026-10 or a quarter like 2026-Q4`, { period });
}
