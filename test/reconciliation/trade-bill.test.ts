import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../../src/config.js';
import { isDomainError } from '../../src/domain/index.js';
import { parseTradeBill, formatTradeBill, type BillRow, type BillSummary } from '../../src/reconciliation/index.js';

async function parse(text: string): Promise<{ rows: BillRow[]; summary: BillSummary | null }> {
  const rows: BillRow[] = [];
  let summary: BillSummary | null = null;
  for await (const row of parseTradeBill(text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== ''), (s) => (summary = s))) rows.push(row);
  return { rows, summary };
}

async function refusedAt(text: string, line: number, message: RegExp): Promise<void> {
  await assert.rejects(parse(text), (e: unknown) => isDomainError(e) && e.code === 'BILL.MALFORMED' && e.details['line'] === line && message.test(e.message));
}

test('the fixture bill parses: rows, a refund and a summary that agrees', async () => {
  const { rows, summary } = await parse(readFileSync(path.join(FIXTURES_DIR, 'bills', 'm_demo', '2026-11-20.csv'), 'utf8'));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.filter((r) => r.status === 'REFUND').map((r) => [r.paymentId, r.refundId, r.refundAmount]), [['4200002651202611201234567892', '50300206512026112012345678', 500]]);
  assert.deepEqual(summary, { count: 5, settled: 141700, refunded: 500, fees: 0, ordered: 141700 });
});

test('anything that does not parse is refused with its line number, nothing guessed', async () => {
  const good = formatTradeBill([{ time: '2026-11-20 10:00:00', paymentId: 'wx1', status: 'SUCCESS', amount: 12800 }]);
  const lines = good.split('\r\n');
  await refusedAt(good.slice(1), 1, /byte order mark/u);
  await refusedAt(good.replace('交易时间,', '时间,'), 1, /header/u);
  await refusedAt(good.replace('`128.00,`0.00', '`128.005,`0.00'), 2, /not an exact amount/u);
  await refusedAt(good.replace('`wx1,', 'wx1,'), 2, /backtick/u);
  await refusedAt(good.replace('`NATIVE,', ''), 2, /fields/u);
  await refusedAt(good.replace('`SUCCESS', '`CLOSED'), 2, /SUCCESS nor REFUND/u);
  await refusedAt(good.replace('`1,`128.00', '`2,`128.00'), 4, /summary disagrees/u);
  await refusedAt(lines.slice(0, 2).join('\r\n'), 3, /without its summary/u);
});
