export type { IndexedEntry, MirrorInvoice, RateSummary, EntryFilter, MirrorIndexStore, Mirror, Evidence, Alert, TaxNodeStore } from './ports.js';
export { indexEntry } from './index-entries.js';
export { acceptBlock, catchUpIndex, type FollowedLedger, type AcceptDeps, type BlockSubmission, type BlockOutcome } from './accept-block.js';
export { verifyInvoice, taxpayerSummary, ledgerStatuses, type InvoiceVerification, type TaxpayerSummary, type LedgerStatus } from './authority.js';
export { checkSilence } from './silence.js';
export { Replicator, type ReplicatorOptions, type ReplicationState } from './replicator.js';
export { fileTaxReport, summariseCovered, coveredIndexes, type TaxReport, type TaxReportStore, type TaxReportDeps, type RateLine, type CoveredLine } from './report.js';
export { verifyTaxReport, type ReportVerification, type ReportLineCheck } from './verify-report.js';
