// The tax authority's queries, answered from the node's own copy of each followed ledger —
// never by asking the platform (LEDGER.md §6).
import { parseTaxPeriod, type Clock } from '../domain/index.js';
import { inclusionProofFrom, type InclusionProof } from '../ledger/index.js';
import type { FollowedLedger } from './accept-block.js';
import type { MirrorInvoice, RateSummary } from './ports.js';

export interface InvoiceVerification {
  readonly authentic: boolean;
  /** Why it is not authentic: no such number, or the date or amount do not match. */
  readonly reason: 'UNKNOWN' | 'MISMATCH' | null;
  readonly invoice: MirrorInvoice | null;
  readonly origin: string | null;
  readonly proof: (InclusionProof & { leafData: Uint8Array; checkpoint: string }) | null;
}

/** 查验: is there an invoice with this number, issue date and total (fen) on a followed ledger? */
export function verifyInvoice(
  followed: ReadonlyMap<string, FollowedLedger>,
  query: { number: string; issueDate: string; totalAmount: number },
): InvoiceVerification {
  let mismatch = false;
  for (const ledger of followed.values()) {
    const invoice = ledger.mirror.index.invoiceByNumber(query.number);
    if (!invoice) continue;
    if (invoice.issueDate !== query.issueDate || invoice.gross !== query.totalAmount) {
      mismatch = true;
      continue;
    }
    const checkpoint = ledger.mirror.ledger.latestCheckpoint();
    if (!checkpoint) continue;
    const cosigned = checkpoint.note + ledger.mirror.ledger.cosignatures(checkpoint.size).map((c) => `${c.line}\n`).join('');
    const proof = inclusionProofFrom(ledger.mirror.ledger, invoice.issuedIndex, checkpoint.size);
    const entry = ledger.mirror.ledger.entry(invoice.issuedIndex);
    return { authentic: true, reason: null, invoice, origin: ledger.origin, proof: { ...proof, leafData: entry?.data ?? new Uint8Array(0), checkpoint: cosigned } };
  }
  return { authentic: false, reason: mismatch ? 'MISMATCH' : 'UNKNOWN', invoice: null, origin: null, proof: null };
}

export interface TaxpayerSummary {
  readonly taxpayerId: string;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly rates: RateSummary[];
  readonly totalNet: number;
  readonly totalTax: number;
}

/** Per rate, the count, net and tax of a seller's invoices issued in the period; red invoices count negative. */
export function taxpayerSummary(followed: ReadonlyMap<string, FollowedLedger>, taxpayerId: string, period: string): TaxpayerSummary {
  const p = parseTaxPeriod(period);
  const byRate = new Map<string, { count: number; net: number; tax: number }>();
  for (const ledger of followed.values()) {
    for (const r of ledger.mirror.index.summary(taxpayerId, p.from, p.to)) {
      const acc = byRate.get(r.rate) ?? { count: 0, net: 0, tax: 0 };
      byRate.set(r.rate, { count: acc.count + r.count, net: acc.net + r.net, tax: acc.tax + r.tax });
    }
  }
  const rates = [...byRate].map(([rate, v]) => ({ rate, ...v })).sort((a, b) => a.rate.localeCompare(b.rate));
  return {
    taxpayerId, period, from: p.from, to: p.to, rates,
    totalNet: rates.reduce((a, r) => a + r.net, 0), totalTax: rates.reduce((a, r) => a + r.tax, 0),
  };
}

export interface LedgerStatus {
  readonly origin: string;
  readonly size: number;
  readonly checkpoint: string | null;
  readonly lastBlockAt: string | null;
  /** Milliseconds since the last accepted block (null before the first). */
  readonly lagMs: number | null;
}

export function ledgerStatuses(followed: ReadonlyMap<string, FollowedLedger>, clock: Clock): LedgerStatus[] {
  return [...followed.values()].map((f) => {
    const latest = f.mirror.ledger.latestCheckpoint();
    const lastBlockAt = f.mirror.index.lastBlockAt();
    return {
      origin: f.origin,
      size: f.mirror.ledger.size(),
      checkpoint: latest ? latest.note + f.mirror.ledger.cosignatures(latest.size).map((c) => `${c.line}\n`).join('') : null,
      lastBlockAt,
      lagMs: lastBlockAt ? clock.now().getTime() - Date.parse(lastBlockAt) : null,
    };
  });
}
