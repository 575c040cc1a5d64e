// Invoice documents (issue 12): the document model, 数电票 XML, the PDF, the 查验 QR code.
// Every function here is pure in its inputs: the same ledger entry gives the same bytes on any node.
export {
  type IssuedLine, type IssuedInvoiceData, type InvoiceIssuedEvent, type LedgerPosition, type MerchantRecord, readIssuedEntry,
} from './source.js';
export { type InvoiceDocument, type DocumentLine, type DocumentKind, type VatInvoiceType, buildInvoiceDocument, unitPriceOf } from './model.js';
export { invoiceDocumentFromLeaf } from './from-ledger.js';
export { renderInvoiceXml, parseInvoiceXml, xmlRate, type ParsedInvoiceXml } from './xml.js';
export { checkQrString, parseCheckQrString, verificationUrl, invoiceTypeCode, qrMatrix, type QrMatrix } from './qr.js';
export { renderInvoicePdf, type PdfOptions } from './pdf.js';
export { taxBureauOf, itemNameOf, reversalReasonLabel } from './labels.js';
export { verifyInvoiceProof, type InvoiceVerdict, type InvoiceCheck } from './offline-verify.js';
