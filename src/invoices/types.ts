import type { Fen, TaxRate } from '../domain/index.js';

export type BuyerType = 'INDIVIDUAL' | 'ORGANIZATION';

export interface Buyer {
  readonly type: BuyerType;
  readonly name: string;
  readonly taxpayerId: string | null;
  /** Where the invoice is delivered; kept off the ledger (personal data). */
  readonly email: string | null;
}

export interface InvoiceLine {
  readonly lineNo: number;
  readonly name: string;
  readonly taxCode: string;
  readonly quantity: string;
  /** Tax-inclusive unit price as paid, in fen; null when a refund reshaped the line. */
  readonly unitPrice: Fen | null;
  readonly taxRate: TaxRate;
  readonly net: Fen;
  readonly tax: Fen;
  readonly gross: Fen;
}

export type { InvoiceStatus } from '../domain/index.js';
import type { InvoiceStatus, ReimbursementStatus } from '../domain/index.js';

export interface Invoice {
  readonly seq: number;
  readonly id: string;
  readonly merchantId: string;
  /** Our payment id (`pay_…`). */
  readonly payment: string;
  readonly status: InvoiceStatus;
  readonly kind: 'BLUE' | 'RED';
  readonly buyer: Buyer;
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly sellerName: string | null;
  readonly sellerTaxpayerId: string | null;
  readonly net: Fen | null;
  readonly tax: Fen | null;
  readonly gross: Fen | null;
  readonly capitalAmount: string | null;
  readonly appliedIndex: number;
  readonly issuedIndex: number | null;
  readonly appliedAt: string;
  readonly issuedAt: string | null;
  /** For a red invoice: the blue one it reverses. */
  readonly reverses: string | null;
  /** For a reversed blue invoice: its red invoice. */
  readonly reversedBy: string | null;
  readonly reversalReason: string | null;
  readonly reimbursement: ReimbursementStatus;
  readonly taxReported: boolean;
}

export interface InvoiceFilter {
  readonly merchantId: string | null;
  readonly status?: InvoiceStatus | undefined;
  readonly issueDateFrom?: string | undefined;
  readonly issueDateTo?: string | undefined;
  readonly buyerTaxpayerId?: string | undefined;
}
