// Unified Social Credit Code (统一社会信用代码), GB 32100-2015: 18 characters —
// 1 registration authority, 1 entity type, 6 administrative division (GB/T 2260),
// 9 organisation code (GB 11714, its own mod-11 check in the last place), 1 check character.
import { DomainError } from './errors.js';

/** The 31 characters of GB 32100-2015 (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type TaxpayerIdRule = 'LENGTH' | 'ALPHABET' | 'DIVISION_CODE' | 'ORGANISATION_CODE' | 'CHECK_CHARACTER';

/** GB 32100-2015 §4.3: check = (31 − Σ value(i) × 3^(i−1) mod 31) mod 31 over the first 17. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`character ${i + 1} of "${first17}" is outside the USCC alphabet`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** GB 11714-1997: C9 = 11 − Σ value × weight mod 11, 10 → X, 11 → 0; letters count A=10 … Z=35. */
export function organisationCheckCharacter(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    const c = body8[i] ?? '';
    const value = /[0-9]/u.test(c) ? Number(c) : /[A-Z]/u.test(c) ? c.charCodeAt(0) - 55 : -1;
    if (value < 0) throw new RangeError(`character ${i + 1} of "${body8}" is not a digit or capital letter`);
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 11 ? '0' : check === 10 ? 'X' : String(check);
}

function firstFailedRule(id: string): { rule: TaxpayerIdRule; message: string } | null {
  if (id.length !== 18) return { rule: 'LENGTH', message: `must be 18 characters, has ${id.length}` };
  for (let i = 0; i < 18; i += 1) {
    if (!USCC_ALPHABET.includes(id[i] ?? '')) {
      return { rule: 'ALPHABET', message: `character ${i + 1} "${id[i]}" is not in ${USCC_ALPHABET}` };
    }
  }
  if (!/^\d{6}$/u.test(id.slice(2, 8))) {
    return { rule: 'DIVISION_CODE', message: 'positions 3–8 (administrative division) must be digits' };
  }
  const org = id.slice(8, 17);
  if (organisationCheckCharacter(org.slice(0, 8)) !== org[8]) {
    return { rule: 'ORGANISATION_CODE', message: `embedded organisation code ${org} fails its GB 11714 check` };
  }
  const expected = usccCheckCharacter(id.slice(0, 17));
  if (expected !== id[17]) {
    return { rule: 'CHECK_CHARACTER', message: `check character is ${id[17]}, expected ${expected}` };
  }
  return null;
}

/** True when `value` is a well-formed USCC under GB 32100-2015 (and its GB 11714 part). */
export function isTaxpayerId(value: unknown): value is string {
  return typeof value === 'string' && firstFailedRule(value) === null;
}

/** Throws DomainError `TAXPAYER_ID.INVALID` with `details.rule` naming the rule that failed. */
export function assertTaxpayerId(value: string): void {
  if (typeof value !== 'string') throw new TypeError('taxpayer id must be a string');
  const failure = firstFailedRule(value);
  if (failure) {
    throw new DomainError('TAXPAYER_ID.INVALID', `taxpayer id "${value}" is invalid: ${failure.message}`, {
      value,
      rule: failure.rule,
    });
  }
}

/** The 2-digit province code of a USCC: positions 3–4, the first two of the division code. */
export function provinceCodeOf(taxpayerId: string): string {
  assertTaxpayerId(taxpayerId);
  return taxpayerId.slice(2, 4);
}
