// Money in integer fen (1 yuan = 100 fen). Amounts never pass through floating point: parsing
// works on the decimal string, arithmetic is checked against Number.MAX_SAFE_INTEGER, and
// allocation uses BigInt for the intermediate products.
import { DomainError } from './errors.js';

/** An amount in fen: a safe integer (may be negative for red-letter invoices). */
export type Fen = number;

/** The largest integer part `parseYuan` accepts: 13 digits (just under 10 万亿 yuan). */
export const MAX_YUAN_DIGITS = 13;

/**
 * The one maximum for any amount that enters the system (webhooks, GraphQL Money, bills):
 * 13 integer digits of yuan and 2 of fen, i.e. 10^15 − 1 fen. It is what the amount in
 * capitals (万亿) and the invoice's 18,2 amount fields can carry, and it stays far below
 * Number.MAX_SAFE_INTEGER (≈ 9 × 10^15), so sums and VAT products are exact (tax maths works
 * in BigInt for the intermediate products anyway).
 */
export const MAX_AMOUNT_FEN: Fen = 10 ** (MAX_YUAN_DIGITS + 2) - 1;

/** True for a positive whole number of fen no greater than MAX_AMOUNT_FEN. */
export function isAmountFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT_FEN;
}

// Optional sign, optional ¥/￥, then either plain digits or properly grouped thousands, then
// an optional 1–2 digit fraction. No leading zeros, no exponent, no surrounding space.
const YUAN_PATTERN =
  /^(-?)[¥￥]?((?:0|[1-9]\d*)|(?:[1-9]\d{0,2}(?:,\d{3})+))(?:\.(\d{1,2}))?$/u;

function invalidAmount(input: string, reason: string): DomainError {
  return new DomainError('MONEY.INVALID_AMOUNT', `"${input}" is not a valid amount: ${reason}`, {
    input,
    reason,
  });
}

/** Asserts a caller-supplied fen amount is a safe integer (a bug otherwise, hence RangeError). */
export function assertFen(value: number, name = 'amount'): asserts value is Fen {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number of fen`);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer number of fen, got ${String(value)}`);
  }
}

/**
 * Parses a yuan amount ("1234", "1234.5", "¥1,234.50") into fen; refuses anything ambiguous
 * ("1.234", "1e3", "-0", " 12", "12.345", more than 13 integer digits). Throws DomainError
 * `MONEY.INVALID_AMOUNT` naming the input.
 */
export function parseYuan(input: string): Fen {
  if (typeof input !== 'string') throw new TypeError('parseYuan expects a string');
  if (input === '') throw invalidAmount(input, 'empty');
  const match = YUAN_PATTERN.exec(input);
  if (!match) {
    if (/\.\d{3,}$/u.test(input)) throw invalidAmount(input, 'more than two decimal places');
    if (/[eE]/u.test(input)) throw invalidAmount(input, 'exponent notation is not accepted');
    if (/^\s|\s$/u.test(input)) throw invalidAmount(input, 'surrounding whitespace');
    throw invalidAmount(input, 'expected digits with optional thousands commas and up to 2 decimals');
  }
  const [, sign = '', grouped = '', fraction = ''] = match;
  const integerDigits = grouped.replaceAll(',', '');
  if (integerDigits.length > MAX_YUAN_DIGITS) {
    throw invalidAmount(input, `more than ${MAX_YUAN_DIGITS} integer digits`);
  }
  const fen = Number(integerDigits) * 100 + Number(fraction.padEnd(2, '0'));
  // 13 digits already bound this; the explicit check keeps the one maximum in one place
  if (fen > MAX_AMOUNT_FEN) throw invalidAmount(input, `more than the maximum of ${MAX_AMOUNT_FEN} fen`);
  if (sign === '-' && fen === 0) throw invalidAmount(input, 'negative zero');
  return sign === '-' ? -fen : fen;
}

/** Formats fen as a plain yuan decimal with two places: 123450 → "1234.50", -5 → "-0.05". */
export function formatYuan(fen: Fen): string {
  assertFen(fen, 'fen');
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${negative ? '-' : ''}${yuan}.${String(cents).padStart(2, '0')}`;
}

function checked(result: number, operation: string): Fen {
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`${operation} overflows the safe integer range of fen`);
  }
  return result;
}

/** Adds fen amounts; throws RangeError past Number.MAX_SAFE_INTEGER. */
export function addFen(...amounts: Fen[]): Fen {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount);
    total = checked(total + amount, 'addFen');
  }
  return total;
}

/** a − b in fen, checked. */
export function subtractFen(a: Fen, b: Fen): Fen {
  assertFen(a, 'a');
  assertFen(b, 'b');
  return checked(a - b, 'subtractFen');
}

/** fen × an integer factor, checked. */
export function multiplyFen(amount: Fen, factor: number): Fen {
  assertFen(amount);
  if (!Number.isSafeInteger(factor)) throw new RangeError('factor must be a safe integer');
  const product = BigInt(amount) * BigInt(factor);
  if (product > BigInt(Number.MAX_SAFE_INTEGER) || product < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('multiplyFen overflows the safe integer range of fen');
  }
  return Number(product);
}

/**
 * Splits `total` across non-negative integer `weights` by the largest-remainder method: the
 * parts sum to exactly `total`, each within one fen of its exact share; ties go to the earlier
 * weight, so the result is deterministic.
 */
export function allocate(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, 'total');
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  let weightSum = 0n;
  for (const [i, w] of weights.entries()) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`weights[${i}] must be a non-negative safe integer, got ${String(w)}`);
    }
    weightSum += BigInt(w);
  }
  if (weightSum === 0n) throw new RangeError('allocate needs at least one positive weight');

  const sign = total < 0 ? -1n : 1n;
  const magnitude = BigInt(Math.abs(total));
  const shares = weights.map((w) => (magnitude * BigInt(w)) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (magnitude * BigInt(w)) % weightSum }));
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map((s) => Number(s * sign));
}
