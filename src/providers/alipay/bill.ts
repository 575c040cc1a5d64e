// Alipay's daily trade bill, the 业务明细 (trade detail) file, parsed into the same rows as the
// WeChat Pay trade bill (src/reconciliation/trade-bill.ts), so reconciliation takes either.
// Layout of the CSV (GBK inside the zip; see bill-zip.ts): '#' preamble lines (支付宝业务明细查询,
// 账号, 起始日期/终止日期), the "#----业务明细列表----" marker, a header row, one row per trade
// (业务类型 交易) or refund (业务类型 退款, negative amounts), each value followed by a tab so that
// spreadsheets keep long ids; the "#----业务明细列表结束----" marker; then "#交易合计：N笔，商家实收
// 共：X元，…" and "#退款合计：M笔，商家实收退款共：-Y元，…" and "#导出时间：[…]". Columns are found by
// header name (Alipay says their order may change). Nothing is guessed: a row or total that
// does not parse or agree is refused with its line number.
import { DomainError, isDomainError, parseYuan, type Fen } from '../../domain/index.js';
import type { BillRow, BillSummary } from '../../reconciliation/index.js';
import { alipayBillLines } from './bill-zip.js';

export const ALIPAY_BILL_COLUMNS = [
  '支付宝交易号', '商户订单号', '业务类型', '商品名称', '创建时间', '完成时间', '门店编号', '门店名称', '操作员', '终端号', '对方账户',
  '订单金额（元）', '商家实收（元）', '支付宝红包（元）', '集分宝（元）', '支付宝优惠（元）', '商家优惠（元）', '券核销金额（元）', '券名称',
  '商家红包消费金额（元）', '卡消费金额（元）', '退款批次号/请求号', '服务费（元）', '分润（元）', '备注',
] as const;
const REQUIRED = ['支付宝交易号', '商户订单号', '业务类型', '完成时间', '订单金额（元）', '商家实收（元）', '退款批次号/请求号', '服务费（元）'] as const;
type Required = (typeof REQUIRED)[number];

function billError(line: number, message: string): DomainError {
  return new DomainError('BILL.MALFORMED', `Alipay bill line ${line}: ${message}`, { line });
}

/** RFC 4180 fields (Alipay does not quote, but a 商品名称 with a comma must not shift the columns); each value trimmed of its tab. */
export function splitBillFields(text: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw billError(line, 'a quoted field is not closed');
        value += text.slice(i, close);
        i = close + 1;
        if (text[i] !== '"') break;
        value += '"';
        i += 1;
      }
      const comma = text.indexOf(',', i);
      const rest = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (rest.trim() !== '') throw billError(line, 'text after a quoted field');
      i = comma < 0 ? text.length + 1 : comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      value = comma < 0 ? text.slice(i) : text.slice(i, comma);
      i = comma < 0 ? text.length + 1 : comma + 1;
    }
    fields.push(value.replace(/^[\t ]+|[\t ]+$/gu, ''));
    if (i > text.length) return fields;
  }
}

function yuan(value: string, line: number, column: string): Fen {
  try {
    return parseYuan(value);
  } catch (error) {
    throw billError(line, `${column} "${value}" is not an exact amount${isDomainError(error) ? ` (${String(error.details['reason'])})` : ''}`);
  }
}

const TRADE_TOTAL = /^#交易合计：(\d+)笔，商家实收共：?(-?[\d.,]+)元/u;
const REFUND_TOTAL = /^#退款合计：(\d+)笔，商家实收退款共：?(-?[\d.,]+)元/u;

/**
 * Streams the rows of a 业务明细 CSV given as decoded lines; after the 结束 marker it checks the
 * 交易合计 and 退款合计 lines against the rows and calls `onSummary`. Throws BILL.MALFORMED.
 */
export async function* parseAlipayBillCsv(lines: AsyncIterable<string> | Iterable<string>, onSummary?: (summary: BillSummary) => void): AsyncGenerator<BillRow> {
  let lineNo = 0;
  let state: 'preamble' | 'header' | 'rows' | 'totals' = 'preamble';
  let col: Record<Required, number> | null = null;
  let width = 0;
  const trades = { count: 0, receipts: 0, ordered: 0 };
  const refunds = { count: 0, receipts: 0, refunded: 0 };
  let fees = 0;
  let tradeTotal: RegExpExecArray | null = null;
  let refundTotal: RegExpExecArray | null = null;
  for await (const raw of lines) {
    lineNo += 1;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/u, '') : raw;
    if (text.includes('\uFFFD')) throw billError(lineNo, 'not valid GBK text');
    if (state === 'preamble') {
      if (!text.startsWith('#')) throw billError(lineNo, 'expected the # preamble and the 业务明细列表 marker');
      if (/^#-+业务明细列表-+$/u.test(text)) state = 'header';
      continue;
    }
    if (state === 'header') {
      const names = splitBillFields(text, lineNo);
      const index = Object.fromEntries(REQUIRED.map((name) => [name, names.indexOf(name)])) as Record<Required, number>;
      const missing = REQUIRED.filter((name) => index[name] < 0);
      if (missing.length > 0) throw billError(lineNo, `the header lacks ${missing.join(', ')}`);
      col = index;
      width = names.length;
      state = 'rows';
      continue;
    }
    if (state === 'rows') {
      if (/^#-+业务明细列表结束-+$/u.test(text)) {
        state = 'totals';
        continue;
      }
      if (text.startsWith('#') || text === '') throw billError(lineNo, 'expected a row or the 业务明细列表结束 marker');
      const f = splitBillFields(text, lineNo);
      if (f.length !== width || col === null) throw billError(lineNo, `row has ${f.length} fields, expected ${width}`);
      const get = (name: Required): string => f[(col as Record<Required, number>)[name]] ?? '';
      const [paymentId, merchantOrderId, type, time] = [get('支付宝交易号'), get('商户订单号'), get('业务类型'), get('完成时间')];
      if (paymentId === '') throw billError(lineNo, '支付宝交易号 is empty');
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/u.test(time)) throw billError(lineNo, `完成时间 "${time}" is not a time`);
      const ordered = yuan(get('订单金额（元）'), lineNo, '订单金额（元）');
      const receipts = yuan(get('商家实收（元）'), lineNo, '商家实收（元）');
      fees -= get('服务费（元）') === '' ? 0 : yuan(get('服务费（元）'), lineNo, '服务费（元）');
      if (type === '交易') {
        if (ordered <= 0) throw billError(lineNo, '订单金额（元） of a 交易 row must be positive');
        trades.count += 1;
        trades.receipts += receipts;
        trades.ordered += ordered;
        yield { line: lineNo, time, paymentId, merchantOrderId, status: 'SUCCESS', amount: ordered, refundId: null, refundAmount: 0 };
      } else if (type === '退款') {
        const refundId = get('退款批次号/请求号');
        if (refundId === '') throw billError(lineNo, 'a 退款 row has no 退款批次号/请求号');
        if (ordered >= 0) throw billError(lineNo, '订单金额（元） of a 退款 row must be negative');
        refunds.count += 1;
        refunds.receipts += receipts;
        refunds.refunded -= ordered;
        yield { line: lineNo, time, paymentId, merchantOrderId, status: 'REFUND', amount: 0, refundId, refundAmount: -ordered };
      } else {
        throw billError(lineNo, `业务类型 "${type}" is neither 交易 nor 退款`);
      }
      continue;
    }
    // totals: the two 合计 lines are checked once both are seen; other # lines (导出时间) pass
    if (text === '') continue;
    if (!text.startsWith('#')) throw billError(lineNo, 'content after the 业务明细列表结束 marker');
    const trade = TRADE_TOTAL.exec(text);
    const refund = REFUND_TOTAL.exec(text);
    if (trade) tradeTotal = trade;
    if (refund) refundTotal = refund;
    if (!trade && !refund) continue;
    if (tradeTotal && refundTotal && (trade ?? refund)) {
      const disagree = [
        Number(tradeTotal[1]) !== trades.count && `交易合计 ${tradeTotal[1]}笔 but ${trades.count} 交易 rows`,
        yuan(tradeTotal[2] ?? '', lineNo, '商家实收共') !== trades.receipts && `商家实收共 ${tradeTotal[2]}元 but the 交易 rows add to ${trades.receipts} fen`,
        Number(refundTotal[1]) !== refunds.count && `退款合计 ${refundTotal[1]}笔 but ${refunds.count} 退款 rows`,
        yuan(refundTotal[2] ?? '', lineNo, '商家实收退款共') !== refunds.receipts && `商家实收退款共 ${refundTotal[2]}元 but the 退款 rows add to ${refunds.receipts} fen`,
      ].filter(Boolean);
      if (disagree.length > 0) throw billError(lineNo, `the totals disagree with the rows: ${disagree.join('; ')}`);
      onSummary?.({ count: trades.count + refunds.count, settled: trades.receipts, refunded: refunds.refunded, fees, ordered: trades.ordered });
      tradeTotal = null;
      refundTotal = null;
      state = 'totals';
      width = -1; // marks the totals as checked
    }
  }
  if (state !== 'totals') throw billError(lineNo + 1, state === 'preamble' ? 'no 业务明细列表 marker' : 'the bill ends without the 业务明细列表结束 marker');
  if (width !== -1) throw billError(lineNo + 1, 'the bill ends without its 交易合计 and 退款合计 lines');
}

/** Streams the rows of Alipay's bill zip (chunks of its bytes, e.g. fs.createReadStream). Throws BILL.MALFORMED. */
export function parseAlipayTradeBill(zip: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onSummary?: (summary: BillSummary) => void): AsyncGenerator<BillRow> {
  return parseAlipayBillCsv(alipayBillLines(zip), onSummary);
}
