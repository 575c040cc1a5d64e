// The payment provider's daily trade bill in the WeChat Pay 交易账单 (ALL) layout: UTF-8 with
// a BOM, a Chinese header row, every value prefixed with a backtick (so spreadsheets keep long
// ids intact), amounts in yuan; then a summary header and one summary row. Parsed as a
// stream; anything that does not parse is reported with its line number — nothing is guessed.
import { DomainError, isDomainError, parseYuan, type Fen } from '../domain/index.js';

export const BILL_COLUMNS = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型', '交易状态', '付款银行', '货币种类',
  '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包', '手续费', '费率',
  '订单金额', '申请退款金额', '费率备注',
] as const;
export const SUMMARY_COLUMNS = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'] as const;

export interface BillRow {
  readonly line: number;
  /** Beijing local time as printed, "2026-11-20 10:00:00". */
  readonly time: string;
  /** 微信订单号: the provider's payment id. */
  readonly paymentId: string;
  readonly merchantOrderId: string;
  readonly status: 'SUCCESS' | 'REFUND';
  /** 订单金额 in fen. */
  readonly amount: Fen;
  /** For REFUND rows: 微信退款单号 and 退款金额. */
  readonly refundId: string | null;
  readonly refundAmount: Fen;
}

export interface BillSummary {
  readonly count: number;
  readonly settled: Fen;
  readonly refunded: Fen;
  readonly fees: Fen;
  readonly ordered: Fen;
}

export function billError(line: number, message: string): DomainError {
  return new DomainError('BILL.MALFORMED', `trade bill line ${line}: ${message}`, { line });
}

function splitFields(text: string, line: number): string[] {
  return text.split(',').map((field, i) => {
    if (!field.startsWith('`')) throw billError(line, `field ${i + 1} is not prefixed with a backtick`);
    return field.slice(1);
  });
}

function yuan(value: string, line: number, column: string): Fen {
  try {
    return parseYuan(value);
  } catch (error) {
    throw billError(line, `${column} "${value}" is not an exact amount${isDomainError(error) ? ` (${String(error.details['reason'])})` : ''}`);
  }
}

/**
 * Streams the rows of a bill; after the last row it checks the summary against the rows
 * (count, settled, refunded, ordered) and calls `onSummary`. Throws BILL.MALFORMED with the line.
 */
export async function* parseTradeBill(lines: AsyncIterable<string> | Iterable<string>, onSummary?: (summary: BillSummary) => void): AsyncGenerator<BillRow> {
  let lineNo = 0;
  let state: 'header' | 'rows' | 'summary' | 'done' = 'header';
  let count = 0;
  let settled = 0;
  let refunded = 0;
  let ordered = 0;
  for await (const raw of lines) {
    lineNo += 1;
    let text = raw.replace(/\r$/u, '');
    if (lineNo === 1) {
      if (!text.startsWith('\uFEFF')) throw billError(1, 'expected a UTF-8 byte order mark');
      text = text.slice(1);
    }
    if (text === '') {
      if (state === 'done') continue;
      throw billError(lineNo, 'empty line');
    }
    if (state === 'header') {
      if (text !== BILL_COLUMNS.join(',')) throw billError(lineNo, `header must be ${BILL_COLUMNS.length} columns: ${BILL_COLUMNS.join(',')}`);
      state = 'rows';
      continue;
    }
    if (state === 'rows' && text === SUMMARY_COLUMNS.join(',')) {
      state = 'summary';
      continue;
    }
    if (state === 'summary') {
      const f = splitFields(text, lineNo);
      if (f.length !== SUMMARY_COLUMNS.length) throw billError(lineNo, `summary row has ${f.length} fields, expected ${SUMMARY_COLUMNS.length}`);
      if (!/^\d+$/u.test(f[0] ?? '')) throw billError(lineNo, 'summary count is not a number');
      const summary: BillSummary = {
        count: Number(f[0]), settled: yuan(f[1] ?? '', lineNo, '应结订单总金额'), refunded: yuan(f[2] ?? '', lineNo, '退款总金额'),
        fees: yuan(f[4] ?? '', lineNo, '手续费总金额'), ordered: yuan(f[5] ?? '', lineNo, '订单总金额'),
      };
      const disagree = [
        summary.count !== count && `总交易单数 ${summary.count} but ${count} rows`,
        summary.settled !== settled && `应结订单总金额 ${summary.settled} fen but rows add to ${settled}`,
        summary.refunded !== refunded && `退款总金额 ${summary.refunded} fen but rows add to ${refunded}`,
        summary.ordered !== ordered && `订单总金额 ${summary.ordered} fen but rows add to ${ordered}`,
      ].filter(Boolean);
      if (disagree.length > 0) throw billError(lineNo, `the summary disagrees with the rows: ${disagree.join('; ')}`);
      onSummary?.(summary);
      state = 'done';
      continue;
    }
    if (state === 'done') throw billError(lineNo, 'content after the summary row');
    const f = splitFields(text, lineNo);
    if (f.length !== BILL_COLUMNS.length) throw billError(lineNo, `row has ${f.length} fields, expected ${BILL_COLUMNS.length}`);
    const [time = '', , , , , paymentId = '', merchantOrderId = '', , , status = '', , currency = ''] = f;
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/u.test(time)) throw billError(lineNo, `交易时间 "${time}" is not a time`);
    if (paymentId === '') throw billError(lineNo, '微信订单号 is empty');
    if (status !== 'SUCCESS' && status !== 'REFUND') throw billError(lineNo, `交易状态 "${status}" is neither SUCCESS nor REFUND`);
    if (currency !== 'CNY') throw billError(lineNo, `货币种类 "${currency}" is not CNY`);
    const rowSettled = yuan(f[12] ?? '', lineNo, '应结订单金额');
    const refundAmount = status === 'REFUND' ? yuan(f[16] ?? '', lineNo, '退款金额') : 0;
    const amount = yuan(f[24] ?? '', lineNo, '订单金额');
    const refundId = status === 'REFUND' ? (f[14] || null) : null;
    if (status === 'REFUND' && refundId === null) throw billError(lineNo, 'a REFUND row has no 微信退款单号');
    count += 1;
    settled += status === 'SUCCESS' ? rowSettled : 0;
    refunded += refundAmount;
    ordered += status === 'SUCCESS' ? amount : 0;
    yield { line: lineNo, time, paymentId, merchantOrderId, status, amount, refundId, refundAmount };
  }
  if (state !== 'done') throw billError(lineNo + 1, state === 'header' ? 'the bill is empty' : 'the bill ends without its summary row');
}

/** Formats rows the way the provider does (for fixtures, tests and the benchmark). */
export function formatTradeBill(rows: ReadonlyArray<{ time: string; paymentId: string; status: 'SUCCESS' | 'REFUND'; amount: Fen; refundId?: string; refundAmount?: Fen }>, mchId = '1900000109'): string {
  const y = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const lines = ['\uFEFF' + BILL_COLUMNS.join(',')];
  let settled = 0;
  let refunded = 0;
  let ordered = 0;
  for (const r of rows) {
    const refund = r.status === 'REFUND' ? (r.refundAmount ?? 0) : 0;
    const rowSettled = r.status === 'SUCCESS' ? r.amount : 0;
    settled += rowSettled;
    refunded += refund;
    ordered += r.status === 'SUCCESS' ? r.amount : 0;
    const values = [
      r.time, 'wx2421b1c4370ec43b', mchId, '0', '', r.paymentId, `order_${r.paymentId}`, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', r.status, 'OTHERS', 'CNY',
      y(rowSettled), '0.00', r.status === 'REFUND' ? (r.refundId ?? '') : '0', r.status === 'REFUND' ? `mr_${r.refundId ?? ''}` : '0', y(refund), '0.00',
      r.status === 'REFUND' ? 'ORIGINAL' : '', r.status === 'REFUND' ? 'SUCCESS' : '', '商品', '', '0.00', '0.60%', y(r.status === 'SUCCESS' ? r.amount : 0), y(refund), '',
    ];
    lines.push(values.map((v) => `\`${v}`).join(','));
  }
  lines.push(SUMMARY_COLUMNS.join(','));
  lines.push([String(rows.length), y(settled), y(refunded), '0.00', '0.00', y(ordered), y(refunded)].map((v) => `\`${v}`).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
