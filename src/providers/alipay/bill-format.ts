// Writes bills the way Alipay's download gives them (for fixtures, tests and the benchmark):
// the 业务明细 CSV with its preamble, tab-suffixed values and totals, GBK-encoded, and a zip
// (PKWARE APPNOTE 6.3: local headers with sizes, deflate, a central directory) whose entry
// names are GBK without the UTF-8 flag, as Alipay's are.
import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { formatYuan, type Fen } from '../../domain/index.js';
import { ALIPAY_BILL_COLUMNS } from './bill.js';

export interface AlipayBillInputRow {
  /** 完成时间, Beijing "yyyy-MM-dd HH:mm:ss". */
  readonly time: string;
  readonly paymentId: string;
  readonly merchantOrderId?: string;
  readonly status: 'SUCCESS' | 'REFUND';
  /** 订单金额 of a trade, in fen. */
  readonly amount: Fen;
  readonly refundId?: string;
  readonly refundAmount?: Fen;
  readonly name?: string;
  /** 服务费 charged on a trade (positive fen; written negative, and refunded pro rata on a refund). */
  readonly fee?: Fen;
}

/** The 业务明细 CSV text (CRLF line ends) for a Beijing day. */
export function formatAlipayBillCsv(rows: readonly AlipayBillInputRow[], options: { account: string; day: string; exportedAt?: string }): string {
  const [y, m, d] = options.day.split('-');
  const next = new Date(Date.parse(`${options.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10).split('-');
  const lines = [
    '#支付宝业务明细查询',
    `#账号：[${options.account}]`,
    `#起始日期：[${y}年${m}月${d}日 00:00:00]   终止日期：[${next[0]}年${next[1]}月${next[2]}日 00:00:00]`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    ALIPAY_BILL_COLUMNS.join(','),
  ];
  let trades = 0;
  let receipts = 0;
  let refunds = 0;
  let refunded = 0;
  for (const r of rows) {
    const refund = r.status === 'REFUND';
    const value = refund ? -(r.refundAmount ?? 0) : r.amount;
    const fee = refund ? 0 : -(r.fee ?? 0);
    if (refund) {
      refunds += 1;
      refunded += value;
    } else {
      trades += 1;
      receipts += value;
    }
    const created = r.time;
    lines.push([
      r.paymentId, r.merchantOrderId ?? `order_${r.paymentId.slice(-8)}`, refund ? '退款' : '交易', r.name ?? '商品', created, r.time, '', '', '', '', '159****5620',
      formatYuan(value), formatYuan(value), '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00', '0.00', refund ? (r.refundId ?? '') : '', formatYuan(fee), '0.00', '',
    ].map((v) => `${v}\t`).join(','));
  }
  lines.push('#-----------------------------------------业务明细列表结束------------------------------------');
  lines.push(`#交易合计：${trades}笔，商家实收共：${formatYuan(receipts)}元，商家优惠共：0.00元`);
  lines.push(`#退款合计：${refunds}笔，商家实收退款共：${formatYuan(refunded)}元，商家优惠退款共：0.00元`);
  lines.push(`#导出时间：[${options.exportedAt ?? `${next[0]}年${next[1]}月${next[2]}日 09:43:35`}]`);
  return `${lines.join('\r\n')}\r\n`;
}

/** A zip of the named files (names and content already bytes), deflated, names without the UTF-8 flag. */
export function zipEntries(files: ReadonlyArray<{ name: Uint8Array; content: Uint8Array }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = deflateRawSync(file.content);
    const crc = crc32(file.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags: no data descriptor, names not UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // DOS time/date: 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(file.content.length, 22);
    local.writeUInt16LE(file.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 26); // flags, method, time, date, crc, sizes
    central.writeUInt16LE(file.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(file.name), data);
    centrals.push(central, Buffer.from(file.name));
    offset += local.length + file.name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The bill download for a day: `<account>_<yyyyMMdd>_业务明细.csv` and its (汇总) file, GBK, zipped. */
export function zipAlipayBill(detailCsv: string, options: { account: string; day: string }): Buffer {
  const stem = `${options.account}_${options.day.replaceAll('-', '')}`;
  const summary = [
    '#支付宝业务汇总查询', `#账号：[${options.account}]`,
    '#-----------------------------------------业务汇总列表----------------------------------------',
    '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）',
    '#-----------------------------------------业务汇总列表结束------------------------------------',
  ].join('\r\n');
  return zipEntries([
    { name: iconv.encode(`${stem}_业务明细.csv`, 'gbk'), content: iconv.encode(detailCsv, 'gbk') },
    { name: iconv.encode(`${stem}_业务明细(汇总).csv`, 'gbk'), content: iconv.encode(`${summary}\r\n`, 'gbk') },
  ]);
}
