export type { IndexedEntry, MirrorInvoice, RateSummary, EntryFilter, MirrorIndexStore, Mirror, Evidence, Alert, AlertSeverity, StoredAlert, TaxNodeStore } from './ports.js';
export { alertSeverity, alertCoalesceKey } from './alerts.js';
export { indexEntry } from './index-entries.js';
export {
  acceptBlock, catchUpIndex, EVIDENCE_MAX_LEAF_HASHES, type FollowedLedger, type AcceptDeps, type BlockSubmission, type BlockOutcome, type RefusalReason,
} from './accept-block.js';
export { maxBlockBodyBytes, MAX_CHECKPOINT_NOTE_CHARS, MAX_LEAF_BODY_BYTES } from './block-limits.js';
export { verifyInvoice, taxpayerSummary, ledgerStatuses, type InvoiceVerification, type TaxpayerSummary, type LedgerStatus } from './authority.js';
export { checkSilence } from './silence.js';
export { Replicator, type ReplicatorOptions, type ReplicationState } from './replicator.js';
export { fileTaxReport, summariseCovered, coveredIndexes, type TaxReport, type TaxReportStore, type TaxReportDeps, type RateLine, type CoveredLine } from './report.js';
export { verifyTaxReport, type ReportVerification, type ReportLineCheck } from './verify-report.js';
export { readTaxReport, listTaxReports } from './report-queries.js';
