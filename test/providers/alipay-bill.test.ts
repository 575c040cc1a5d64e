import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { FIXTURES_DIR } from '../../src/config.js';
import { isDomainError } from '../../src/domain/index.js';
import { parseTradeBill, type BillRow, type BillSummary } from '../../src/reconciliation/index.js';
import {
  formatAlipayBillCsv, isDetailEntry, parseAlipayBillCsv, parseAlipayTradeBill, zipAlipayBill, zipEntries, type AlipayBillInputRow,
} from '../../src/providers/index.js';

const DAY = { account: '20880000000000010156', day: '2026-11-20' };

async function collect(rows: AsyncGenerator<BillRow>): Promise<BillRow[]> {
  const out: BillRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
async function parseCsv(text: string): Promise<{ rows: BillRow[]; summary: BillSummary | null }> {
  const summary = { value: null as BillSummary | null };
  const rows = await collect(parseAlipayBillCsv(text.split('\r\n').slice(0, -1), (s) => (summary.value = s)));
  return { rows, summary: summary.value };
}
async function refusedAt(text: string, line: number | null, message: RegExp): Promise<void> {
  await assert.rejects(parseCsv(text), (e: unknown) => isDomainError(e) && e.code === 'BILL.MALFORMED' && e.details['line'] === line && message.test(e.message));
}
async function refusedZip(zip: Uint8Array, message: RegExp): Promise<void> {
  await assert.rejects(collect(parseAlipayTradeBill([zip])), (e: unknown) => isDomainError(e) && e.code === 'BILL.MALFORMED' && message.test(e.message));
}

test('the example bill zip (GBK, GBK entry names) parses into the rows and summary the WeChat Pay bill parser gives', async () => {
  const summary = { value: null as BillSummary | null };
  const rows = await collect(parseAlipayTradeBill(createReadStream(path.join(FIXTURES_DIR, 'providers', 'alipay-bill-example.zip'), { highWaterMark: 512 }), (s) => (summary.value = s)));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0], { line: 6, time: '2026-11-20 09:12:03', paymentId: '2026112022001404330512345601', merchantOrderId: 'order_20261120_0001', status: 'SUCCESS', amount: 2800, refundId: null, refundAmount: 0 });
  assert.deepEqual(rows.filter((r) => r.status === 'REFUND').map((r) => [r.paymentId, r.refundId, r.refundAmount]), [['2026112022001404330512345601', 'refund_0001', 500]]);
  assert.deepEqual(summary.value, { count: 5, settled: 141700, refunded: 500, fees: 848, ordered: 141700 });
  // the same day in the WeChat Pay layout: the same totals through the same types
  let wechat: BillSummary | null = null;
  const lines = readFileSync(path.join(FIXTURES_DIR, 'bills', 'm_demo', '2026-11-20.csv'), 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
  for await (const row of parseTradeBill(lines, (s) => (wechat = s))) void row;
  assert.deepEqual({ ...summary.value, fees: 0 }, wechat);
});

test('the fixture zip is what the script makes from the CSV', () => {
  const csv = readFileSync(path.join(FIXTURES_DIR, 'providers', 'alipay-bill-example.csv'), 'utf8');
  assert.ok(zipAlipayBill(csv, DAY).equals(readFileSync(path.join(FIXTURES_DIR, 'providers', 'alipay-bill-example.zip'))));
});

test('the detail entry is found by its GBK or UTF-8 name, never the (汇总) summary', () => {
  const gbkAsLatin1 = (s: string): string => iconv.encode(s, 'gbk').toString('latin1');
  assert.ok(isDetailEntry(gbkAsLatin1('2088_20261120_业务明细.csv')));
  assert.ok(isDetailEntry('2088_20261120_业务明细.csv'));
  assert.ok(!isDetailEntry(gbkAsLatin1('2088_20261120_业务明细(汇总).csv')));
  assert.ok(!isDetailEntry('2088_20261120_业务明细(汇总).csv'));
});

const rows: AlipayBillInputRow[] = [
  { time: '2026-11-20 10:00:00', paymentId: '2026112022001404330500000001', status: 'SUCCESS', amount: 12800, fee: 77 },
  { time: '2026-11-20 11:00:00', paymentId: '2026112022001404330500000001', status: 'REFUND', amount: 0, refundId: 'r1', refundAmount: 800 },
];

test('anything that does not parse or agree is refused with its line number, nothing guessed', async () => {
  const good = formatAlipayBillCsv(rows, DAY);
  const parsed = await parseCsv(good);
  assert.deepEqual(parsed.summary, { count: 2, settled: 12800, refunded: 800, fees: 77, ordered: 12800 });
  await refusedAt(good.replace('#支付宝业务明细查询', '支付宝业务明细查询'), 1, /preamble/u);
  await refusedAt(good.replace('订单金额（元）,', '金额,'), 5, /lacks 订单金额/u);
  await refusedAt(good.replace('128.00\t,128.00', '128.005\t,128.00'), 6, /not an exact amount/u);
  await refusedAt(good.replace('128.00\t,128.00', '1e3\t,128.00'), 6, /not an exact amount/u);
  await refusedAt(good.replace('交易\t', '冻结\t'), 6, /neither 交易 nor 退款/u);
  await refusedAt(good.replace('\t,商品\t,', '\t,'), 6, /fields/u);
  await refusedAt(good.replace('2026-11-20 10:00:00\t,2026-11-20 10:00:00', '2026-11-20 10:00:00\t,20261120'), 6, /完成时间/u);
  await refusedAt(good.replace('r1\t', '\t'), 7, /退款批次号/u);
  await refusedAt(good.replace('-8.00\t,-8.00', '8.00\t,-8.00'), 7, /negative/u);
  await refusedAt(good.replace('交易合计：1笔', '交易合计：2笔'), 10, /totals disagree.*交易合计 2笔/u);
  await refusedAt(good.replace('商家实收退款共：-8.00元', '商家实收退款共：-9.00元'), 10, /商家实收退款共/u);
  await refusedAt(good.replace(/#-+业务明细列表结束-+\r\n/u, ''), 8, /expected a row/u);
  await refusedAt(good.split('\r\n').slice(0, 8).join('\r\n') + '\r\n', 9, /交易合计 and 退款合计/u);
  await refusedAt(good.replace('#导出时间', '导出时间'), 11, /after the 业务明细列表结束/u);
  await refusedAt('', 1, /no 业务明细列表 marker/u);
  await refusedAt(good.replace('\t,商品\t', '\t,\uFFFD\t'), 6, /GBK/u);
});

test('a quoted 商品名称 with a comma keeps its columns', async () => {
  const text = formatAlipayBillCsv([{ ...rows[0] as AlipayBillInputRow, name: '"咖啡, 大杯 ""热"""' }], DAY);
  const { rows: parsed } = await parseCsv(text);
  assert.equal(parsed[0]?.amount, 12800);
});

test('a corrupt zip, a zip without the 业务明细 file and invalid GBK are refused', async () => {
  const zip = zipAlipayBill(formatAlipayBillCsv(rows, DAY), DAY);
  await refusedZip(zip.subarray(0, 200), /ends inside|corrupt/u);
  const garbled = Buffer.from(zip);
  garbled.fill(0x55, 100, 160); // inside the deflated data: refused, by the inflater or by the rows and totals it garbles
  await refusedZip(garbled, /./u);
  await refusedZip(zipEntries([{ name: Buffer.from('other.csv'), content: Buffer.from('x') }]), /no 业务明细 file/u);
  const badGbk = zipEntries([{ name: iconv.encode('2088_20261120_业务明细.csv', 'gbk'), content: Buffer.concat([iconv.encode('#支付宝业务明细查询\r\n#', 'gbk'), Buffer.from([0x81, 0x20]), Buffer.from('\r\n')]) }]);
  await refusedZip(badGbk, /line 2: not valid GBK/u);
});

test('rows stream out before the zip has been read to its end', async () => {
  const many: AlipayBillInputRow[] = Array.from({ length: 20_000 }, (_, i) => ({ time: '2026-11-20 12:00:00', paymentId: `20261120220014043305${String(i).padStart(8, '0')}`, status: 'SUCCESS', amount: 100 + i }));
  const zip = zipAlipayBill(formatAlipayBillCsv(many, DAY), DAY);
  const chunks = Math.ceil(zip.length / 4096);
  let consumed = 0;
  function* source(): Generator<Uint8Array> {
    for (let at = 0; at < zip.length; at += 4096) {
      consumed += 1;
      yield zip.subarray(at, at + 4096);
    }
  }
  let consumedAtFirstRow = -1;
  let count = 0;
  let summary: BillSummary | null = null;
  for await (const row of parseAlipayTradeBill(source(), (s) => (summary = s))) {
    if (count === 0) consumedAtFirstRow = consumed;
    count += 1;
    void row;
  }
  assert.equal(count, 20_000);
  assert.ok(chunks > 20 && consumedAtFirstRow <= 2, `first row after ${consumedAtFirstRow} of ${chunks} chunks`);
  assert.equal((summary as BillSummary | null)?.ordered, 20_000 * 100 + (19_999 * 20_000) / 2);
});
