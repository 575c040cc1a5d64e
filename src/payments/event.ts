// Parses and validates a webhook body. Everything is checked before anything is written:
// a malformed event is refused with a message naming the field. Amounts are bounded by the
// domain's one maximum (MAX_AMOUNT_FEN), so every payment accepted can be invoiced; names and
// the description pass the domain's text policy; paidAt must be a real, plausible instant.
import {
  DomainError, MAX_AMOUNT_FEN, assertTaxRate, computeLine, isAmountFen, isDomainError, isTaxRate, normaliseItemName, parsePaidAt,
  parseQuantity, type Fen,
} from '../domain/index.js';
import type { PaymentEvent, PaymentItem } from './types.js';

const MAX_ITEMS = 200;
const ID = /^[A-Za-z0-9_\-.:]{1,100}$/u;

function malformed(message: string, field: string): DomainError {
  return new DomainError('WEBHOOK.MALFORMED', message, { field });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(obj: Json, field: string, path: string, pattern?: RegExp): string {
  const value = obj[field];
  if (typeof value !== 'string' || value.length === 0) throw malformed(`${path}${field} must be a non-empty string`, `${path}${field}`);
  if (pattern && !pattern.test(value)) throw malformed(`${path}${field} has an invalid format`, `${path}${field}`);
  return value;
}

function fen(obj: Json, field: string, path: string): Fen {
  const value = obj[field];
  if (!isAmountFen(value)) {
    throw malformed(`${path}${field} must be a positive integer number of fen, at most ${MAX_AMOUNT_FEN}`, `${path}${field}`);
  }
  return value;
}

/** Runs a domain check and re-labels its refusal as WEBHOOK.MALFORMED for the same field. */
function asMalformed<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isDomainError(error) && typeof error.details['field'] === 'string') throw malformed(error.message, error.details['field']);
    throw error;
  }
}

/** The instant a webhook is checked against: paidAt may not lie further ahead than the signature's tolerance. */
export interface EventClock {
  readonly now: Date;
  readonly toleranceSeconds: number;
}

function instant(obj: Json, field: string, path: string, clock: EventClock): string {
  const value = str(obj, field, path);
  return asMalformed(() => parsePaidAt(value, { now: clock.now, toleranceSeconds: clock.toleranceSeconds, field: `${path}${field}` }));
}

function text(obj: Json, field: string, path: string): string {
  return asMalformed(() => normaliseItemName(obj[field], `${path}${field}`));
}

function parseItems(value: unknown, amount: Fen): PaymentItem[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ITEMS) {
    throw malformed(`data.items must be a list of 1–${MAX_ITEMS} items`, 'data.items');
  }
  let total = 0n;
  const items = value.map((raw: unknown, i): PaymentItem => {
    const path = `data.items[${i}].`;
    if (!isObject(raw)) throw malformed(`${path.slice(0, -1)} must be an object`, path.slice(0, -1));
    const name = text(raw, 'name', path);
    const quantityRaw = raw['quantity'];
    if (typeof quantityRaw !== 'number' && typeof quantityRaw !== 'string') throw malformed(`${path}quantity must be a number`, `${path}quantity`);
    const quantity = String(quantityRaw);
    try {
      parseQuantity(quantity);
    } catch {
      throw malformed(`${path}quantity must be positive with at most 6 decimals`, `${path}quantity`);
    }
    const unitPrice = fen(raw, 'unitPrice', path);
    const taxRate = raw['taxRate'];
    if (!isTaxRate(taxRate)) throw malformed(`${path}taxRate must be one of the VAT rates`, `${path}taxRate`);
    assertTaxRate(taxRate);
    const taxCode = str(raw, 'taxCode', path, /^\d{19}$/u);
    let gross: Fen;
    try {
      gross = computeLine({ unitPrice, quantity, rate: taxRate, priceIncludesTax: true }).gross;
    } catch (error) {
      if (isDomainError(error)) throw malformed(`${path}unitPrice × ${path}quantity is beyond any amount`, path.slice(0, -1));
      throw error;
    }
    if (gross > MAX_AMOUNT_FEN) throw malformed(`${path}unitPrice × ${path}quantity exceeds ${MAX_AMOUNT_FEN} fen`, path.slice(0, -1));
    // exact in BigInt: 200 lines near the maximum would overflow a double's integers
    total += BigInt(gross);
    return { name, quantity, unitPrice, taxRate, taxCode };
  });
  if (total !== BigInt(amount)) throw malformed(`data.items add up to ${total} fen, not the amount ${amount}`, 'data.items');
  return items;
}

/** Parses a webhook body (already JSON-decoded) into a PaymentEvent; throws WEBHOOK.MALFORMED with details.field. */
export function parsePaymentEvent(body: unknown, clock: EventClock): PaymentEvent {
  if (!isObject(body)) throw malformed('the body must be a JSON object', '$');
  const id = str(body, 'id', '', /^evt_[A-Za-z0-9_-]{1,96}$/u);
  const type = str(body, 'type', '');
  const created = body['created'];
  if (typeof created !== 'number' || !Number.isSafeInteger(created) || created <= 0) throw malformed('created must be unix seconds', 'created');
  const merchantId = str(body, 'merchantId', '', ID);
  const data = body['data'];
  if (!isObject(data)) throw malformed('data must be an object', 'data');
  const paymentId = str(data, 'paymentId', 'data.', ID);
  if (type === 'payment.succeeded') {
    const amount = fen(data, 'amount', 'data.');
    if (data['currency'] !== 'CNY') throw malformed('data.currency must be "CNY"', 'data.currency');
    // the description becomes the invoice line's item name when there are no items
    const description = text(data, 'description', 'data.');
    return {
      id, type, created, merchantId,
      data: { paymentId, amount, currency: 'CNY', paidAt: instant(data, 'paidAt', 'data.', clock), description, items: parseItems(data['items'], amount) },
    };
  }
  if (type === 'payment.refunded') {
    return { id, type, created, merchantId, data: { paymentId, refundId: str(data, 'refundId', 'data.', ID), amount: fen(data, 'amount', 'data.') } };
  }
  throw malformed('type must be payment.succeeded or payment.refunded', 'type');
}
