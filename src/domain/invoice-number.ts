// The 20-digit number of a fully digitalized e-invoice (全面数字化的电子发票): 2-digit year,
// 2-digit province code (GB/T 2260, taken from the seller's USCC positions 3–4), 1-digit
// channel, 15-digit sequence. Allocation of the sequence belongs to the store.
import { DomainError } from './errors.js';

/** GB/T 2260 province-level codes. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]);

export const MAX_INVOICE_SEQUENCE = 999_999_999_999_999;

export interface InvoiceNumberParts {
  /** Full year, 2000–2099. */
  readonly year: number;
  readonly provinceCode: string;
  readonly channel: number;
  readonly sequence: number;
}

function invalid(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('INVOICE_NUMBER.INVALID', message, details);
}

/** Formats the 20-digit layout; throws RangeError for parts out of range (a caller bug). */
export function formatInvoiceNumber(parts: InvoiceNumberParts): string {
  const { year, provinceCode, channel, sequence } = parts;
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new RangeError(`year ${year} is outside 2000–2099`);
  if (!PROVINCE_CODES.has(provinceCode)) throw new RangeError(`"${provinceCode}" is not a province code`);
  if (!Number.isInteger(channel) || channel < 0 || channel > 9) throw new RangeError(`channel ${channel} must be one digit`);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_INVOICE_SEQUENCE) {
    throw new RangeError(`sequence ${sequence} must be 1–${MAX_INVOICE_SEQUENCE}`);
  }
  return `${String(year % 100).padStart(2, '0')}${provinceCode}${channel}${String(sequence).padStart(15, '0')}`;
}

/** Parses and validates a 20-digit invoice number; DomainError `INVOICE_NUMBER.INVALID` otherwise. */
export function parseInvoiceNumber(value: string): InvoiceNumberParts {
  if (typeof value !== 'string') throw new TypeError('invoice number must be a string');
  if (!/^\d{20}$/u.test(value)) throw invalid(`invoice number "${value}" must be exactly 20 digits`, { value });
  const provinceCode = value.slice(2, 4);
  if (!PROVINCE_CODES.has(provinceCode)) {
    throw invalid(`invoice number "${value}" has unknown province code ${provinceCode}`, { value, provinceCode });
  }
  const sequence = Number(value.slice(5));
  if (sequence < 1) throw invalid(`invoice number "${value}" has a zero sequence`, { value });
  return { year: 2000 + Number(value.slice(0, 2)), provinceCode, channel: Number(value[4]), sequence };
}

export function isInvoiceNumber(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseInvoiceNumber(value);
    return true;
  } catch {
    return false;
  }
}
