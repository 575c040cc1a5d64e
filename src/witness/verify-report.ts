// The tax node's check of a filed report: recompute it from the node's own copy of the
// ledger, as of the report's position, and compare line by line and the covered-invoice root.
import { DomainError } from '../domain/index.js';
import { decodeLedgerEvent } from '../events/index.js';
import { toBase64 } from '../ledger/index.js';
import type { FollowedLedger } from './accept-block.js';
import { summariseCovered, type RateLine } from '../tax-report/index.js';

export interface ReportLineCheck {
  readonly rate: string;
  readonly reported: RateLine | null;
  readonly recomputed: RateLine | null;
  readonly match: boolean;
}

export interface ReportVerification {
  readonly reportId: string;
  readonly origin: string;
  readonly ledgerIndex: number;
  readonly period: string;
  readonly version: number;
  readonly match: boolean;
  readonly lines: ReportLineCheck[];
  readonly invoiceCount: { reported: number; recomputed: number };
  readonly coveredRoot: { reported: string; recomputed: string };
}

export function verifyTaxReport(followed: ReadonlyMap<string, FollowedLedger>, reportId: string): ReportVerification {
  for (const f of followed.values()) {
    const index = f.mirror.index.entryIndexOf('tax.reported', reportId);
    if (index === null) continue;
    const stored = f.mirror.ledger.entry(index);
    if (!stored) continue;
    // indexed as tax.reported, so it decoded as one; the decoder says so again, with the types
    const event = decodeLedgerEvent(stored.data);
    if (event.type !== 'tax.reported') continue;
    const d = event.data;
    const recomputed = summariseCovered(f.mirror.index.invoicesInPeriod(d.seller.taxpayerId, d.from, d.to, index));
    const rates = [...new Set([...d.rates.map((r) => r.rate), ...recomputed.rates.map((r) => r.rate)])].sort();
    const lines = rates.map((rate) => {
      const reported = d.rates.find((r) => r.rate === rate) ?? null;
      const mine = recomputed.rates.find((r) => r.rate === rate) ?? null;
      const match = reported !== null && mine !== null && reported.count === mine.count && reported.net === mine.net && reported.tax === mine.tax;
      return { rate, reported, recomputed: mine, match };
    });
    const root = toBase64(recomputed.root);
    return {
      reportId, origin: f.origin, ledgerIndex: index, period: d.period, version: d.version,
      match: lines.every((l) => l.match) && d.invoiceCount === recomputed.invoiceCount && d.coveredRoot === root,
      lines,
      invoiceCount: { reported: d.invoiceCount, recomputed: recomputed.invoiceCount },
      coveredRoot: { reported: d.coveredRoot, recomputed: root },
    };
  }
  throw new DomainError('TAX_REPORT.NOT_FOUND', `no report ${reportId} on a followed ledger`);
}
