import type { LedgerStore } from '../ledger/index.js';

export interface IndexedEntry {
  readonly index: number;
  readonly type: string;
  readonly subjectId: string;
  readonly sellerTaxpayerId: string | null;
  readonly buyerTaxpayerId: string | null;
  /** Beijing date of the entry. */
  readonly day: string;
}

export interface MirrorInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly kind: 'BLUE' | 'RED';
  readonly status: string;
  readonly issueDate: string;
  readonly sellerTaxpayerId: string;
  readonly buyerTaxpayerId: string | null;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly issuedIndex: number;
  readonly lastIndex: number;
  readonly reimbursement: string;
  readonly taxReported: boolean;
}

export interface RateSummary {
  readonly rate: string;
  readonly count: number;
  readonly net: number;
  readonly tax: number;
}

export interface EntryFilter {
  readonly type?: string | undefined;
  readonly sellerTaxpayerId?: string | undefined;
  readonly buyerTaxpayerId?: string | undefined;
  readonly dayFrom?: string | undefined;
  readonly dayTo?: string | undefined;
}

/** The indexes a mirror keeps beside its copy of the ledger (rebuildable from the leaves). */
export interface MirrorIndexStore {
  insertEntries(rows: readonly IndexedEntry[]): void;
  insertInvoice(invoice: MirrorInvoice, rates: ReadonlyArray<{ rate: string; net: number; tax: number }>): void;
  updateInvoice(invoiceId: string, changes: { status?: string; reimbursement?: string; taxReported?: boolean; lastIndex: number }): void;
  recordBlock(size: number, receivedAt: string): void;
  /** How many mirrored entries the indexes cover. */
  indexedSize(): number;
  setIndexedSize(size: number): void;
  lastBlockAt(): string | null;
  invoiceByNumber(number: string): MirrorInvoice | null;
  invoiceById(invoiceId: string): MirrorInvoice | null;
  /** Per rate: count, net and tax of invoices (blue and red) by a seller issued in [from, to]. */
  summary(sellerTaxpayerId: string, fromDate: string, toDate: string): RateSummary[];
  entries(filter: EntryFilter, afterIndex: number, limit: number): IndexedEntry[];
  /** Invoices (blue and red) of a seller issued in [from, to] before a ledger index, in index order. */
  invoicesInPeriod(sellerTaxpayerId: string, from: string, to: string, beforeIndex: number): IterableIterator<{ issuedIndex: number; rate: string; net: number; tax: number }>;
  markTaxReported(sellerTaxpayerId: string, from: string, to: string, beforeIndex: number): void;
  /** The index of the entry whose subject is `subjectId` and type `type`. */
  entryIndexOf(type: string, subjectId: string): number | null;
}

/** One followed platform ledger and the node's copy of it. */
export interface Mirror {
  readonly origin: string;
  readonly ledger: LedgerStore;
  readonly index: MirrorIndexStore;
}

export interface Evidence {
  readonly id: string;
  readonly origin: string;
  readonly kind: 'FORK' | 'ROOT_MISMATCH' | 'BAD_SIGNATURE' | 'UNKNOWN_KEY' | 'MALFORMED';
  readonly receivedNote: string | null;
  readonly heldNote: string | null;
  readonly detail: Record<string, unknown>;
  readonly createdAt: string;
}

export type AlertSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** An alert as raised: one occurrence of one problem. */
export interface Alert {
  readonly id: string;
  readonly origin: string;
  readonly kind: 'FORK' | 'REJECTED_BLOCK' | 'SILENT' | 'MALFORMED_ENTRY';
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly evidenceId: string | null;
  readonly createdAt: string;
}

/** An alert as listed: its first occurrence, how many there were and when the last was seen. */
export interface StoredAlert extends Alert {
  readonly seq: number;
  readonly count: number;
  readonly lastSeen: string;
}

export interface TaxNodeStore {
  insertEvidence(evidence: Evidence): void;
  evidence(id: string): Evidence | null;
  insertAlert(alert: Alert): void;
  /**
   * Raises `alert` with its evidence, or, when an alert with `coalesceKey` exists, counts one
   * more occurrence of it and stores nothing else (the first evidence is kept). Atomic.
   */
  raiseAlert(alert: Alert, evidence: Evidence | null, coalesceKey: string): { readonly alert: StoredAlert; readonly coalesced: boolean };
  /** Newest first: alerts with seq below `beforeSeq` (null: from the newest). */
  alerts(beforeSeq: number | null, limit: number): StoredAlert[];
  /** Alerts raised so far, by kind (a metric; one grouped query). */
  alertCountsByKind(): Record<string, number>;
  latestAlert(origin: string, kind: Alert['kind']): StoredAlert | null;
}
