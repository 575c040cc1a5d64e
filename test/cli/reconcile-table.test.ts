// The reconcile command's summary table: yuan for amounts, columns aligned whatever the
// length of a merchant id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCounts, formatReconciliationTable } from '../../src/cli/reconcile-table.js';

test('counts kept in fen print in yuan, other counts as they are', () => {
  assert.equal(formatCounts({ payments: 2, paymentsFen: 17800, refunds: 1, refundsFen: 5 }), 'payments 2, payments ¥178.00, refunds 1, refunds ¥0.05');
});

test('columns stay aligned with a long merchant id, and the platform-wide row is named', () => {
  const long = 'm_0123456789abcdefghijklmnopqrstuvwxyz';
  const lines = formatReconciliationTable([
    { scope: long, version: 12, status: 'DIFFERENCES', differences: 3, counts: { paymentsFen: 12800 } },
    { scope: '*', version: 1, status: 'CLEAN', differences: 0, counts: {} },
  ]);
  assert.equal(lines.length, 3);
  const statusColumn = lines.map((l) => l.search(/status|DIFFERENCES|CLEAN/u));
  assert.deepEqual(new Set(statusColumn).size, 1, `status starts in one column:\n${lines.join('\n')}`);
  assert.ok((statusColumn[0] ?? 0) > long.length, 'the scope column is as wide as the longest id');
  assert.match(lines[1] ?? '', /payments ¥128\.00$/u);
  assert.match(lines[2] ?? '', /^platform-wide\s+1\s+CLEAN\s+0$/u);
});
