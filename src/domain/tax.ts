// VAT maths for one invoice line and for invoice totals, all in integer fen.
// Rules (国家税务总局 发票 line rules as used by the fully digitalized e-invoice):
// - price excluding tax: tax = round_half_up(net × rate); gross = net + tax
// - price including tax: net = round_half_up(gross / (1 + rate)); tax = gross − net
// - invoice totals are the sums of the lines, never recomputed from the total
// - a line is flagged when |net × rate − tax| > 6 fen (the 1分 × 6 tolerance of the tax system)
import { DomainError } from './errors.js';
import { assertFen, type Fen } from './money.js';
import { divideRoundHalfUp } from './rounding.js';

/** VAT rates in force, plus the three markers that carry no tax. */
export const TAX_RATES = [
  '13%', '9%', '6%', '5%', '3%', '1%', '0%', 'EXEMPT', 'NOT_SUBJECT', 'ZERO_RATED',
] as const;
export type TaxRate = (typeof TAX_RATES)[number];

const PERCENT: Readonly<Record<TaxRate, bigint>> = {
  '13%': 13n, '9%': 9n, '6%': 6n, '5%': 5n, '3%': 3n, '1%': 1n, '0%': 0n,
  EXEMPT: 0n, NOT_SUBJECT: 0n, ZERO_RATED: 0n,
};

const LABEL: Readonly<Record<TaxRate, string>> = {
  '13%': '13%', '9%': '9%', '6%': '6%', '5%': '5%', '3%': '3%', '1%': '1%', '0%': '0%',
  EXEMPT: '免税', NOT_SUBJECT: '不征税', ZERO_RATED: '0%',
};

/** The largest |net × rate − tax| a line may show, in fen. */
export const LINE_TOLERANCE_FEN = 6;

export function isTaxRate(value: unknown): value is TaxRate {
  return typeof value === 'string' && (TAX_RATES as readonly string[]).includes(value);
}

/** Throws DomainError `TAX.UNKNOWN_RATE` unless `value` is one of TAX_RATES. */
export function assertTaxRate(value: unknown): asserts value is TaxRate {
  if (!isTaxRate(value)) {
    throw new DomainError('TAX.UNKNOWN_RATE', `unknown tax rate ${JSON.stringify(value)}`, {
      allowed: [...TAX_RATES],
    });
  }
}

/** The whole-percent rate (0 for the markers). */
export function ratePercent(rate: TaxRate): number {
  return Number(PERCENT[rate]);
}

/** How the rate is printed on an invoice (免税 / 不征税 for the markers; 零税率 prints as 0%). */
export function rateLabel(rate: TaxRate): string {
  return LABEL[rate];
}

/** A quantity as an exact decimal: digits / 10^scale. */
interface ExactQuantity {
  readonly digits: bigint;
  readonly scale: bigint;
}

const QUANTITY_PATTERN = /^(?:0|[1-9]\d{0,11})(?:\.(\d{1,6}))?$/u;

/** Parses a positive quantity given as an integer or a decimal string with ≤ 6 places. */
export function parseQuantity(quantity: number | string): ExactQuantity {
  const text = typeof quantity === 'number' ? String(quantity) : quantity;
  if (typeof quantity === 'number' && !Number.isSafeInteger(quantity)) {
    throw new DomainError('TAX.INVALID_QUANTITY', `quantity ${text} must be an integer or a decimal string`);
  }
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    throw new DomainError('TAX.INVALID_QUANTITY', `quantity "${text}" is not a positive decimal with at most 6 places`);
  }
  const fraction = match[1] ?? '';
  const digits = BigInt(text.replace('.', ''));
  if (digits === 0n) throw new DomainError('TAX.INVALID_QUANTITY', 'quantity must be greater than zero');
  return { digits, scale: 10n ** BigInt(fraction.length) };
}

export interface LineInput {
  /** Unit price in fen, including or excluding tax as `priceIncludesTax` says. Negative for red lines. */
  readonly unitPrice: Fen;
  /** A positive integer or a decimal string with up to 6 places ("1.5"). */
  readonly quantity: number | string;
  readonly rate: TaxRate;
  readonly priceIncludesTax: boolean;
}

export interface LineAmounts {
  readonly net: Fen;
  readonly tax: Fen;
  readonly gross: Fen;
}

function toSafeFen(value: bigint, what: string): Fen {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError('MONEY.OUT_OF_RANGE', `${what} is beyond the representable range of fen`);
  }
  return Number(value);
}

/**
 * One line's net, tax and gross: amount = round_half_up(unitPrice × quantity), then the VAT
 * rule for tax-exclusive or tax-inclusive prices (see the module comment).
 */
export function computeLine(line: LineInput): LineAmounts {
  assertFen(line.unitPrice, 'unitPrice');
  assertTaxRate(line.rate);
  const quantity = parseQuantity(line.quantity);
  const amount = divideRoundHalfUp(BigInt(line.unitPrice) * quantity.digits, quantity.scale);
  const percent = PERCENT[line.rate];
  if (line.priceIncludesTax) {
    const net = divideRoundHalfUp(amount * 100n, 100n + percent);
    return {
      net: toSafeFen(net, 'net'),
      tax: toSafeFen(amount - net, 'tax'),
      gross: toSafeFen(amount, 'gross'),
    };
  }
  const tax = divideRoundHalfUp(amount * percent, 100n);
  return {
    net: toSafeFen(amount, 'net'),
    tax: toSafeFen(tax, 'tax'),
    gross: toSafeFen(amount + tax, 'gross'),
  };
}

/** The net/tax for a line whose gross amount (tax included) is known: the tax-inclusive rule. */
export function splitGross(gross: Fen, rate: TaxRate): LineAmounts {
  return computeLine({ unitPrice: gross, quantity: 1, rate, priceIncludesTax: true });
}

/** Invoice totals are the sums of the line amounts. */
export function sumLines(lines: readonly LineAmounts[]): LineAmounts {
  let net = 0n;
  let tax = 0n;
  let gross = 0n;
  for (const line of lines) {
    net += BigInt(line.net);
    tax += BigInt(line.tax);
    gross += BigInt(line.gross);
  }
  return { net: toSafeFen(net, 'net total'), tax: toSafeFen(tax, 'tax total'), gross: toSafeFen(gross, 'gross total') };
}

export interface ToleranceCheck {
  readonly withinTolerance: boolean;
  /** |net × rate − tax| in hundredths of a fen (exact). */
  readonly deviationCentiFen: number;
}

/** Flags a line whose |net × rate − tax| exceeds LINE_TOLERANCE_FEN (6 fen). */
export function checkLineTolerance(line: { net: Fen; tax: Fen; rate: TaxRate }): ToleranceCheck {
  assertFen(line.net, 'net');
  assertFen(line.tax, 'tax');
  assertTaxRate(line.rate);
  const deviation = BigInt(line.net) * PERCENT[line.rate] - BigInt(line.tax) * 100n;
  const absolute = deviation < 0n ? -deviation : deviation;
  return {
    withinTolerance: absolute <= BigInt(LINE_TOLERANCE_FEN) * 100n,
    deviationCentiFen: Number(absolute),
  };
}
