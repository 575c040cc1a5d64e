// The one text policy for every name and description that can reach a legal invoice or the
// append-only ledger. Once text is in a ledger entry it can never be corrected, so it is
// checked before: Unicode NFC (UAX #15), well-formed UTF-16, no control, bidi-override or
// line-separator characters (the "Trojan Source" class, CVE-2021-42574; Unicode TR #36 §3),
// something visible left once invisible characters are removed, and the field lengths of the
// fully digitalized e-invoice (数电票) as maximums.
//
// Field lengths: 国家税务总局《数字化电子发票版式及XML规范》V5.002 (2025-08-26), 第四章 1.1
// "XML参数": SellerName (销售方名称) varchar 300, BuyerName (购买方名称) varchar 300, ItemName
// (项目名称) varchar 600, SpecMod (规格型号) varchar 150, MeaUnits (单位) varchar 300,
// AdditionalInformation/Remark (备注) varchar 450. The specification does not say whether
// varchar counts bytes or characters, nor in which encoding; the XML is declared UTF-8, so we
// count UTF-8 bytes, the conservative reading (300 bytes = 100 汉字, which is also the limit
// commonly quoted for 购买方名称). The 项目名称 printed on the invoice is prefixed by the tax
// classification's short name (*简称*), which this platform does not add; if it ever does,
// ITEM_NAME must leave room for it.
import { DomainError } from './errors.js';

/** The kinds of text field, each with its maximum length in UTF-8 bytes (see the header). */
export const TEXT_FIELDS = {
  /** 购买方名称 / 销售方名称 (buyer and seller, merchant names). */
  NAME: { maxBytes: 300 },
  /** 项目名称 (an invoice line's item name; a payment's description becomes one). */
  ITEM_NAME: { maxBytes: 600 },
  /** 规格型号. */
  SPECIFICATION: { maxBytes: 150 },
  /** 单位. */
  UNIT: { maxBytes: 300 },
  /** 备注 (remarks and free-text reasons). */
  REMARK: { maxBytes: 450 },
} as const;
export type TextFieldKind = keyof typeof TEXT_FIELDS;

/**
 * Code points that are never accepted, as [first, last] ranges (inclusive), with why:
 * - C0 controls U+0000–U+001F (NUL, TAB, CR, LF, ESC, …) and DEL U+007F;
 * - C1 controls U+0080–U+009F (NEL U+0085 is a line break in some readers);
 * - U+061C ARABIC LETTER MARK, U+200E/U+200F LRM/RLM: invisible bidi marks;
 * - U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: line breaks in disguise;
 * - U+202A–U+202E bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO);
 * - U+2066–U+2069 bidi isolates (LRI, RLI, FSI, PDI);
 * - U+206A–U+206F deprecated format characters (symmetric swapping, digit shapes);
 * - U+FFF9–U+FFFB interlinear annotation controls;
 * - noncharacters U+FDD0–U+FDEF, U+FFFE, U+FFFF (never for interchange, Unicode §23.7).
 * Lone surrogates are refused separately (before anything else), as malformed UTF-16.
 */
export const FORBIDDEN_CODE_POINTS: ReadonlyArray<readonly [number, number, string]> = [
  [0x0000, 0x001f, 'a C0 control character'],
  [0x007f, 0x009f, 'a control character (DEL or C1)'],
  [0x061c, 0x061c, 'a bidirectional mark'],
  [0x200e, 0x200f, 'a bidirectional mark'],
  [0x2028, 0x2029, 'a line or paragraph separator'],
  [0x202a, 0x202e, 'a bidirectional embedding or override'],
  [0x2066, 0x2069, 'a bidirectional isolate'],
  [0x206a, 0x206f, 'a deprecated format character'],
  [0xfdd0, 0xfdef, 'a noncharacter'],
  [0xfff9, 0xfffb, 'an interlinear annotation control'],
  [0xfffe, 0xffff, 'a noncharacter'],
];

/**
 * Characters that render as nothing (or as blank space the width of a letter). They may stay
 * inside a text (ZWJ joins emoji, ZWNJ matters in some scripts), but a text made only of them
 * and white space is empty: it would print a blank buyer or merchant on a legal invoice.
 * - U+00AD SOFT HYPHEN; U+034F COMBINING GRAPHEME JOINER;
 * - U+115F, U+1160 HANGUL CHOSEONG / JUNGSEONG FILLER; U+3164 HANGUL FILLER;
 *   U+FFA0 HALFWIDTH HANGUL FILLER (all render blank, used for "empty" names);
 * - U+17B4, U+17B5 KHMER VOWEL INHERENT AQ / AA;
 * - U+180B–U+180F MONGOLIAN free variation selectors and vowel separator (U+180E);
 * - U+200B ZERO WIDTH SPACE, U+200C ZWNJ, U+200D ZWJ;
 * - U+2060 WORD JOINER, U+2061–U+2064 invisible operators;
 * - U+FE00–U+FE0F VARIATION SELECTORS, U+E0100–U+E01EF VARIATION SELECTORS SUPPLEMENT;
 * - U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM);
 * - U+1D173–U+1D17A musical symbol format characters;
 * - U+E0000–U+E007F TAGS.
 * White space (what String.prototype.trim removes: Unicode White_Space plus U+FEFF) counts as
 * invisible too.
 */
export const INVISIBLE_CODE_POINTS: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200d],
  [0x2060, 0x2064],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
];

const inRanges = (cp: number, ranges: ReadonlyArray<readonly [number, number, ...unknown[]]>): boolean =>
  ranges.some(([first, last]) => cp >= first && cp <= last);

const WHITE_SPACE = /^\s$/u;
// In a `u` regex a surrogate pair is one code point, so \p{Cs} matches only lone surrogates.
const LONE_SURROGATE = /\p{Cs}/u;

function refuse(field: string, reason: string, message: string): DomainError {
  return new DomainError('TEXT.INVALID', `${field} ${message}`, { field, reason });
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Applies the text policy to one field. Returns the text trimmed and in NFC; throws
 * DomainError `TEXT.INVALID` with `details.field` (the caller's path, e.g.
 * "data.items[0].name") and `details.reason` (NOT_TEXT, MALFORMED, FORBIDDEN, EMPTY, TOO_LONG).
 * The message names the offending code point, never echoes the text. Idempotent: applying it
 * to its own output returns the same string.
 */
export function normaliseText(value: unknown, kind: TextFieldKind, field: string): string {
  if (typeof value !== 'string') throw refuse(field, 'NOT_TEXT', 'must be a string');
  const { maxBytes } = TEXT_FIELDS[kind];
  // NFC never makes text shorter than a third of its UTF-16 length in UTF-8 bytes, so anything
  // longer than 3 × maxBytes code units is too long whatever it normalises to: refusing it
  // here keeps the work linear in the limit, not in the request.
  if (value.length > 3 * maxBytes) throw refuse(field, 'TOO_LONG', `is longer than ${maxBytes} bytes`);
  if (LONE_SURROGATE.test(value)) throw refuse(field, 'MALFORMED', 'is not well-formed Unicode (a lone surrogate)');
  const text = value.normalize('NFC').trim();
  let bytes = 0;
  let visible = false;
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    const forbidden = FORBIDDEN_CODE_POINTS.find(([first, last]) => cp >= first && cp <= last);
    if (forbidden) throw refuse(field, 'FORBIDDEN', `contains ${hex(cp)}, ${forbidden[2]}`);
    if (!visible && !inRanges(cp, INVISIBLE_CODE_POINTS) && !WHITE_SPACE.test(char)) visible = true;
    bytes += utf8Length(cp);
  }
  if (!visible) throw refuse(field, 'EMPTY', 'must contain a visible character');
  if (bytes > maxBytes) throw refuse(field, 'TOO_LONG', `is ${bytes} bytes of UTF-8, more than the ${maxBytes} allowed`);
  return text;
}

/** A buyer's, seller's or merchant's name (购买方/销售方名称, 300 bytes); see normaliseText. */
export function normaliseName(value: unknown, field: string): string {
  return normaliseText(value, 'NAME', field);
}

/** An item name or a payment description that becomes one (项目名称, 600 bytes); see normaliseText. */
export function normaliseItemName(value: unknown, field: string): string {
  return normaliseText(value, 'ITEM_NAME', field);
}

/** A remark or free-text reason (备注, 450 bytes); see normaliseText. */
export function normaliseRemark(value: unknown, field: string): string {
  return normaliseText(value, 'REMARK', field);
}

/** True when `error` is the policy's refusal (to re-label it, e.g. as WEBHOOK.MALFORMED). */
export function isTextPolicyError(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'TEXT.INVALID';
}
