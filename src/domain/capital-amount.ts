// Amounts in Chinese capitals (大写金额), per 会计基础工作规范 art. 52 and the PBoC rules for
// filling in 票据 and 结算凭证. Where the rules allow a choice, this policy is fixed:
// - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, sections 万 and 亿 (万亿 for 13 digits);
//   a leading 1 in the tens place is written 壹拾 (10.00 → 壹拾元整), never a bare 拾;
// - one 零 for each run of zeros between non-zero digits (100010 → 壹拾万零壹拾);
//   zeros that close a section (万 or 亿) or the 元 place are not read: 101000 → 壹拾万壹仟,
//   1680.32 → 壹仟陆佰捌拾元叁角贰分 (PBoC allows either form; we take the shorter);
// - 零 after 元 when 角 is 0 and 分 is not: 325.04 → 叁佰贰拾伍元零肆分;
// - 整 after 元 (no 角 or 分) and after 角 when no 分 follows; never after 分;
// - below one yuan the 元 is omitted and nothing leads: 0.50 → 伍角整, 0.05 → 伍分;
//   zero is 零元整; negative amounts (red-letter invoices) are prefixed 负.
import { assertFen, MAX_YUAN_DIGITS, type Fen } from './money.js';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACE_IN_SECTION = ['', '拾', '佰', '仟'] as const;

function digitAt(text: string, i: number): number {
  return text.charCodeAt(i) - 48;
}

/** The integer yuan part in capitals, without 元. `yuan` is a decimal string without leading zeros. */
function integerCapitals(yuan: string): string {
  const out: string[] = [];
  let zeroPending = false;
  const length = yuan.length;
  for (let i = 0; i < length; i += 1) {
    const power = length - 1 - i;
    const digit = digitAt(yuan, i);
    if (digit !== 0) {
      if (zeroPending) out.push('零');
      zeroPending = false;
      out.push(DIGITS[digit] ?? '', PLACE_IN_SECTION[power % 4] ?? '');
    } else if (out.length > 0) {
      zeroPending = true;
    }
    if (power === 4 || power === 12) {
      // 万 closes a section when any digit of it is non-zero (for 万亿, the digit itself).
      const sectionStart = Math.max(0, length - 1 - (power + 3));
      if (/[1-9]/u.test(yuan.slice(sectionStart, i + 1))) {
        out.push('万');
        zeroPending = false;
      }
    } else if (power === 8) {
      if (/[1-9]/u.test(yuan.slice(0, i + 1))) {
        out.push('亿');
        zeroPending = false;
      }
    }
  }
  return out.join('');
}

/** Writes an amount in fen in Chinese capitals (大写) under the policy in this module's header. */
export function toCapitalAmount(fen: Fen): string {
  assertFen(fen, 'fen');
  const sign = fen < 0 ? '负' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.trunc(abs / 100));
  if (yuan.length > MAX_YUAN_DIGITS) {
    throw new RangeError(`toCapitalAmount supports at most ${MAX_YUAN_DIGITS} integer digits`);
  }
  const jiao = Math.trunc(abs / 10) % 10;
  const fenDigit = abs % 10;
  if (abs === 0) return '零元整';

  const head = yuan === '0' ? '' : `${integerCapitals(yuan)}元`;
  let tail: string;
  if (jiao === 0 && fenDigit === 0) tail = '整';
  else if (jiao === 0) tail = `${head ? '零' : ''}${DIGITS[fenDigit]}分`;
  else if (fenDigit === 0) tail = `${DIGITS[jiao]}角整`;
  else tail = `${DIGITS[jiao]}角${DIGITS[fenDigit]}分`;
  return `${sign}${head}${tail}`;
}
