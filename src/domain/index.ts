// The shared kernel: pure rules, no I/O, no dependencies outside this folder.
export { DomainError, isDomainError } from './errors.js';
export {
  type Fen, MAX_YUAN_DIGITS, parseYuan, formatYuan, assertFen, addFen, subtractFen, multiplyFen, allocate,
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
export { type Clock, systemClock, beijingDate, beijingDayBounds } from './time.js';
export { type TaxPeriod, parseTaxPeriod } from './period.js';
