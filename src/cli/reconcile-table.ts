// The summary table `npm run reconcile` prints: one row per report, columns sized to their
// longest value (merchant ids have no fixed length), amounts in yuan. Counts named `…Fen` are
// stored in fen (integers, as everywhere); a person reads yuan, so they print as `… ¥128.00`.
import { formatYuan } from '../domain/index.js';

export interface TableReport {
  readonly scope: string;
  readonly version: number;
  readonly status: string;
  readonly differences: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** "payments 2, payments ¥178.00, refunds 1, …": fen counts renamed and shown in yuan. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([name, value]) => (name.endsWith('Fen') ? `${name.slice(0, -3)} ¥${formatYuan(value)}` : `${name} ${value}`))
    .join(', ');
}

/** The table's lines: a header, then one line per report. */
export function formatReconciliationTable(reports: readonly TableReport[]): string[] {
  const rows = reports.map((r) => [r.scope === '*' ? 'platform-wide' : r.scope, String(r.version), r.status, String(r.differences), formatCounts(r.counts)]);
  const header = ['scope', 'version', 'status', 'differences', 'counts'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
