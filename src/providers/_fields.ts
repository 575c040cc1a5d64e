// Field checks shared by both providers' mappers. Free text (WeChat Pay's attach, Alipay's
// subject) becomes a payment's description, and so an invoice line's item name: it passes the
// domain's text policy for item names (src/domain/text.ts), as our own webhook's text does.
import { isTextPolicyError, normaliseItemName, parseYuan, type Fen } from '../domain/index.js';
import { MAX_PROVIDER_FEN } from './types.js';

/** Provider ids (out_trade_no, transaction_id, refund ids, notification ids). */
export const PROVIDER_ID = /^[A-Za-z0-9_\-.:|*@]{1,64}$/u;

/**
 * A free-text field (description, subject) under the domain's item-name policy
 * (normaliseItemName: NFC, trimmed, no controls, bidi or invisible-only text, ≤ 600 UTF-8
 * bytes), and at most `maxLength` UTF-16 code units as the provider documents it: the text as it
 * will be recorded, or null when it is refused.
 */
export function cleanText(value: string, maxLength: number): string | null {
  if (value.length === 0 || value.length > maxLength) return null;
  try {
    return normaliseItemName(value, 'text');
  } catch (error) {
    if (isTextPolicyError(error)) return null;
    throw error;
  }
}

/** True when `value` passes cleanText. */
export function isCleanText(value: string, maxLength: number): boolean {
  return cleanText(value, maxLength) !== null;
}

/** An integer fen amount from JSON: a safe integer in [min, MAX_PROVIDER_FEN], else null. */
export function fenFromJson(value: unknown, min: number): Fen | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > MAX_PROVIDER_FEN) return null;
  return value;
}

/** An exact yuan decimal ("128.00", "0.5") as fen through parseYuan; null unless in [min, MAX_PROVIDER_FEN]. */
export function fenFromYuan(value: string, min: number): Fen | null {
  // parseYuan also accepts "¥1,234.50"; a provider's decimal has neither the sign nor commas
  if (!/^\d+(?:\.\d{1,2})?$/u.test(value)) return null;
  try {
    const fen = parseYuan(value);
    return fen >= min && fen <= MAX_PROVIDER_FEN ? fen : null;
  } catch {
    return null;
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u;

/** Strict base64 (RFC 4648 §4: padded, no whitespace), or null: Buffer.from would skip junk silently. */
export function decodeBase64(value: string): Buffer | null {
  return BASE64.test(value) ? Buffer.from(value, 'base64') : null;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/u;
const BEIJING_LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/u;

function validCalendar(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * An RFC 3339 §5.6 date-time ("2026-11-20T10:00:00+08:00") as a UTC ISO instant, or null.
 * Strict: every field in range, a real calendar day, an explicit offset; leap seconds refused.
 */
export function instantFromRfc3339(value: string): string | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validCalendar(y, mo, d, h, mi, s)) return null;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[8]?.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  // arithmetic rather than Date.parse on the string: 3× faster (measured), and no parser leniency
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000).toISOString();
}

/** Beijing local time "yyyy-MM-dd HH:mm:ss[.SSS]" (Alipay's gmt_* fields; gmt_refund has milliseconds; UTC+8 all year) as a UTC ISO instant, or null. */
export function instantFromBeijingLocal(value: string): string | null {
  const m = BEIJING_LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validCalendar(y, mo, d, h, mi, s)) return null;
  return new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s, Number(m[7] ?? 0))).toISOString();
}
