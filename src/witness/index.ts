// The tax node's context: it witnesses the platform's ledger (verifies and cosigns each block,
// keeps forks and bad roots as evidence), mirrors it with indexes, and answers the tax
// authority's queries and report checks from that mirror. Its process (express routes,
// GraphQL, boot) is src/tax-node/.
export type { IndexedEntry, MirrorInvoice, RateSummary, EntryFilter, MirrorIndexStore, Mirror, Evidence, Alert, AlertSeverity, StoredAlert, TaxNodeStore } from './ports.js';
export { alertSeverity, alertCoalesceKey } from './alerts.js';
export { indexEntry } from './index-entries.js';
export {
  acceptBlock, catchUpIndex, EVIDENCE_MAX_LEAF_HASHES, type FollowedLedger, type AcceptDeps, type BlockSubmission, type BlockOutcome, type RefusalReason,
} from './accept-block.js';
export { maxBlockBodyBytes, MAX_CHECKPOINT_NOTE_CHARS, MAX_LEAF_BODY_BYTES } from './block-limits.js';
export { verifyInvoice, taxpayerSummary, ledgerStatuses, type InvoiceVerification, type TaxpayerSummary, type LedgerStatus } from './authority.js';
export { checkSilence } from './silence.js';
export { verifyTaxReport, type ReportVerification, type ReportLineCheck } from './verify-report.js';
