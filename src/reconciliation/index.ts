export type {
  Difference, DifferenceType, ReconciliationReport, ReconciliationStore, BillRowRecord, BillStore, StoredBill,
  BillFact, UninvoicedPaymentFact, InvoiceFact, ReconciliationFact,
} from './ports.js';
export { differenceOf, projectionDifference } from './differences.js';
export { parseTradeBill, formatTradeBill, BILL_COLUMNS, SUMMARY_COLUMNS, type BillRow, type BillSummary } from './trade-bill.js';
export { reconcileDay, assertReconcilableDay, yesterdayInBeijing, daysToCatchUp, type ReconcileDeps, type ReconcileResult, type ReconcileOptions } from './run.js';
export { checkLedgerDay, checkTaxNode } from './ledger-checks.js';
export { runReconciliation, uploadTradeBill, readReconciliationReport, listReconciliationReports } from './on-demand.js';
