// Builds an invoice's lines from what was paid. Prices in payments include tax, so each line
// uses the tax-inclusive rule; a partial refund before issuance is spread over the lines in
// proportion to their amounts (largest remainder, exact to the fen).
import { allocate, computeLine, splitGross, type Fen, type TaxRate } from '../domain/index.js';
import type { InvoiceLine } from './types.js';

export interface PaidItem {
  readonly name: string;
  readonly quantity: string;
  readonly unitPrice: Fen;
  readonly taxRate: TaxRate;
  readonly taxCode: string;
}

/** Lines whose gross adds up to exactly `amountDue` (what was paid minus refunds). */
export function buildInvoiceLines(options: {
  items: readonly PaidItem[] | null;
  paid: Fen;
  amountDue: Fen;
  description: string;
  defaultTaxRate: TaxRate;
  defaultTaxCode: string;
}): InvoiceLine[] {
  const items: PaidItem[] = options.items && options.items.length > 0
    ? [...options.items]
    : [{ name: options.description, quantity: '1', unitPrice: options.paid, taxRate: options.defaultTaxRate, taxCode: options.defaultTaxCode }];
  const paidLines = items.map((item) => computeLine({ unitPrice: item.unitPrice, quantity: item.quantity, rate: item.taxRate, priceIncludesTax: true }));
  const reshaped = options.amountDue !== options.paid;
  const grosses = reshaped ? allocate(options.amountDue, paidLines.map((l) => l.gross)) : paidLines.map((l) => l.gross);
  return items.map((item, i) => {
    const amounts = reshaped ? splitGross(grosses[i] ?? 0, item.taxRate) : (paidLines[i] as (typeof paidLines)[number]);
    return {
      lineNo: i + 1,
      name: item.name,
      taxCode: item.taxCode,
      quantity: item.quantity,
      unitPrice: reshaped ? null : item.unitPrice,
      taxRate: item.taxRate,
      net: amounts.net,
      tax: amounts.tax,
      gross: amounts.gross,
    };
  });
}
