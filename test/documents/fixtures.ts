// Invoice entries shaped exactly as src/invoices/apply-issue.ts and reverse.ts append them.
import { computeLine, sumLines, toCapitalAmount, type TaxRate } from '../../src/domain/index.js';
import { canonicalJsonBytes, leafHash, type LedgerEntry } from '../../src/ledger/index.js';

export const SELLER = { name: '深圳链票演示商户有限公司', taxpayerId: '91440300MA5DEM012D' };
export const MERCHANT = { id: 'm_demo', name: SELLER.name, taxpayerId: SELLER.taxpayerId, region: '440300' };

const ITEMS: readonly { name: string; taxCode: string; rate: TaxRate }[] = [
  { name: '软件维护服务费', taxCode: '3040201010000000000', rate: '6%' },
  { name: '咖啡', taxCode: '3070401000000000000', rate: '6%' },
  { name: '笔记本电脑', taxCode: '1090511010000000000', rate: '13%' },
  { name: '图书《链上发票实务》', taxCode: '1060201010000000000', rate: '9%' },
  { name: '技术咨询', taxCode: '3040601000000000000', rate: 'EXEMPT' },
];

export function issuedEntry(options: { lines?: number; seed?: number; at?: string; kind?: 'BLUE' | 'RED'; sequence?: number } = {}): LedgerEntry {
  const count = options.lines ?? 1;
  const seed = options.seed ?? 1;
  const at = options.at ?? '2026-11-21T09:30:15.250Z';
  const lines = Array.from({ length: count }, (_, i) => {
    const item = ITEMS[(i + seed) % ITEMS.length] as (typeof ITEMS)[number];
    const quantity = String(1 + ((i * 7 + seed) % 3));
    const unitPrice = 1280 + ((i * 7919 + seed * 104729) % 250000);
    const amounts = computeLine({ unitPrice, quantity, rate: item.rate, priceIncludesTax: true });
    return { lineNo: i + 1, name: `${item.name}${count > 5 ? ` 第${i + 1}项` : ''}`, taxCode: item.taxCode, quantity, unitPrice, taxRate: item.rate, ...amounts };
  });
  const totals = sumLines(lines);
  const number = `2644100000000000${String(options.sequence ?? 1001).padStart(4, '0')}`;
  return {
    v: 1, type: 'invoice.issued', at, actor: { role: 'MERCHANT', id: 'm_demo' }, subject: { kind: 'invoice', id: `inv_${seed}` },
    data: {
      merchantId: 'm_demo', payment: `pay_${seed}`, number, issueDate: '2026-11-21', kind: 'BLUE',
      seller: SELLER, buyer: { type: 'ORGANIZATION', name: '杭州报销测试科技有限公司', taxpayerId: '91330100MA2CXR4U5K' },
      lines, net: totals.net, tax: totals.tax, gross: totals.gross, capitalAmount: toCapitalAmount(totals.gross),
    },
  };
}

const negate = (n: number): number => (n === 0 ? 0 : -n);

/** The red invoice reversing `blue`, as reverse.ts issueRed appends it. */
export function redEntry(blue: LedgerEntry, at = '2026-11-22T02:00:00.000Z'): LedgerEntry {
  const data = blue.data as Record<string, unknown> & { lines: Record<string, unknown>[]; net: number; tax: number; gross: number; number: string };
  const lines = data.lines.map((l) => ({
    ...l, quantity: `-${String(l.quantity)}`, net: negate(l.net as number), tax: negate(l.tax as number), gross: negate(l.gross as number),
  }));
  return {
    v: 1, type: 'invoice.issued', at, actor: { role: 'MERCHANT', id: 'm_demo' }, subject: { kind: 'invoice', id: `${blue.subject.id}_red` },
    data: {
      ...(blue.data as Record<string, never>), number: '26441000000000009001', issueDate: '2026-11-22', kind: 'RED',
      reverses: blue.subject.id, reversesNumber: data.number, reason: 'SALES_RETURN',
      lines, net: negate(data.net), tax: negate(data.tax), gross: negate(data.gross), capitalAmount: toCapitalAmount(negate(data.gross)),
    } as LedgerEntry['data'],
  };
}

export function positionOf(entry: LedgerEntry, index = 41): { index: number; leafHash: Uint8Array } {
  return { index, leafHash: leafHash(canonicalJsonBytes(entry)) };
}

export const TAX_NODE_URL = 'https://tax-node.example.cn';
