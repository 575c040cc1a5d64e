import type { Fen, TaxRate } from '../domain/index.js';

export interface PaymentItem {
  readonly name: string;
  /** Integer or decimal string with up to 6 places. */
  readonly quantity: string;
  /** Unit price in fen, tax included (what the payer paid per unit). */
  readonly unitPrice: Fen;
  readonly taxRate: TaxRate;
  readonly taxCode: string;
}

export interface Payment {
  /** Our id (`pay_…`). */
  readonly id: string;
  readonly merchantId: string;
  /** The provider's payment id. */
  readonly paymentId: string;
  readonly amount: Fen;
  readonly refunded: Fen;
  readonly currency: 'CNY';
  readonly paidAt: string;
  readonly description: string;
  readonly items: readonly PaymentItem[] | null;
  readonly ledgerIndex: number;
  readonly createdAt: string;
  readonly seq: number;
}

export interface Refund {
  readonly id: string;
  readonly payment: string;
  readonly refundId: string;
  readonly amount: Fen;
  readonly ledgerIndex: number;
  readonly createdAt: string;
}

export type PaymentEvent =
  | {
      readonly id: string;
      readonly type: 'payment.succeeded';
      readonly created: number;
      readonly merchantId: string;
      readonly data: {
        readonly paymentId: string;
        readonly amount: Fen;
        readonly currency: 'CNY';
        readonly paidAt: string;
        readonly description: string;
        readonly items: readonly PaymentItem[] | null;
      };
    }
  | {
      readonly id: string;
      readonly type: 'payment.refunded';
      readonly created: number;
      readonly merchantId: string;
      readonly data: { readonly paymentId: string; readonly refundId: string; readonly amount: Fen };
    };
