// Offline verification of an invoice from its .tlog-proof file (LEDGER.md §8): the proof's
// checkpoint, cosignatures and inclusion are checked against a policy, then the invoice
// document is rebuilt from the authenticated leaf bytes and, when an XML file is given,
// compared byte for byte with the XML that entry defines.
import { equalBytes, verifyTlogProof, type TlogProofCheck, type TlogProofPolicy } from '../ledger/index.js';
import { invoiceDocumentFromLeaf } from './from-ledger.js';
import type { InvoiceDocument } from './model.js';
import { renderInvoiceXml } from './xml.js';

export type InvoiceCheck = TlogProofCheck | 'document' | 'xml';

export type InvoiceVerdict =
  | {
    readonly ok: true;
    readonly document: InvoiceDocument;
    readonly origin: string;
    readonly index: number;
    /** Everything proven holds as of this tree size. */
    readonly size: number;
    readonly cosignedBy: readonly { readonly name: string; readonly timestamp: number }[];
    /** True when an XML file was given and is exactly the one the entry defines. */
    readonly xmlMatches: boolean | null;
  }
  | { readonly ok: false; readonly failed: InvoiceCheck; readonly reason: string };

/** Verifies a proof file (and optionally an XML file) offline; never throws on untrusted input. */
export function verifyInvoiceProof(proof: Uint8Array | string, policy: TlogProofPolicy, xml: Uint8Array | null = null): InvoiceVerdict {
  const verdict = verifyTlogProof(proof, policy);
  if (!verdict.ok) return verdict;
  let document: InvoiceDocument;
  try {
    document = invoiceDocumentFromLeaf(verdict.leafData, verdict.index);
  } catch (error) {
    return { ok: false, failed: 'document', reason: `the proven entry is not an issued invoice: ${(error as Error).message}` };
  }
  let xmlMatches: boolean | null = null;
  if (xml !== null) {
    xmlMatches = equalBytes(xml, new TextEncoder().encode(renderInvoiceXml(document)));
    if (!xmlMatches) return { ok: false, failed: 'xml', reason: `the XML file is not the one entry ${verdict.index} defines (invoice ${document.number})` };
  }
  return { ok: true, document, origin: verdict.origin, index: verdict.index, size: verdict.size, cosignedBy: verdict.cosignedBy, xmlMatches };
}
