// The merchant's period tax report, filed on the platform's ledger. summariseCovered is the
// report's commitment rule: the tax node (src/witness) recomputes it to verify a report.
export { fileTaxReport, summariseCovered, coveredIndexes, type TaxReport, type TaxReportPreview, type TaxReportStore, type TaxReportDeps, type RateLine, type CoveredLine } from './report.js';
export { readTaxReport, listTaxReports } from './report-queries.js';
