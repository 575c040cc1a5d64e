// The shared kernel: pure rules, no I/O, no dependencies outside this folder.
export { DomainError, isDomainError } from './errors.js';
export {
  type Fen, MAX_YUAN_DIGITS, MAX_AMOUNT_FEN, isAmountFen, parseYuan, formatYuan, assertFen, addFen, subtractFen, multiplyFen, allocate,
} from './money.js';
export { divideRoundHalfUp } from './rounding.js';
export {
  TAX_RATES, type TaxRate, type LineInput, type LineAmounts, type ToleranceCheck, LINE_TOLERANCE_FEN,
  isTaxRate, assertTaxRate, ratePercent, rateLabel, parseQuantity, computeLine, splitGross, sumLines,
  checkLineTolerance,
} from './tax.js';
export { toCapitalAmount } from './capital-amount.js';
export {
  USCC_ALPHABET, type TaxpayerIdRule, isTaxpayerId, assertTaxpayerId, usccCheckCharacter,
  organisationCheckCharacter, provinceCodeOf,
} from './taxpayer-id.js';
export {
  PROVINCE_CODES, MAX_INVOICE_SEQUENCE, type InvoiceNumberParts, formatInvoiceNumber, parseInvoiceNumber,
  isInvoiceNumber,
} from './invoice-number.js';
export {
  type Transition, type InvoiceStatus, type InvoiceAction, type ReimbursementStatus, type ReimbursementAction,
  transitionInvoice, transitionReimbursement,
} from './lifecycle.js';
export {
  type Clock, systemClock, beijingDate, beijingDayBounds, EARLIEST_PAID_AT, LEDGER_EPOCH_DATE, daysInMonth, isCalendarDate,
  parseInstant, parsePaidAt,
} from './time.js';
export { type TaxPeriod, parseTaxPeriod } from './period.js';
export {
  TEXT_FIELDS, type TextFieldKind, FORBIDDEN_CODE_POINTS, INVISIBLE_CODE_POINTS, normaliseText, normaliseName, normaliseItemName,
  normaliseRemark, isTextPolicyError,
} from './text.js';
