import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars.js';
import { invoiceResolvers } from './invoices.js';
import { ledgerResolvers } from './ledger.js';
import { merchantResolvers } from './merchants.js';
import { paymentResolvers } from './payments.js';

export const resolvers = {
  Money: MoneyScalar,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  TaxRate: merchantResolvers.TaxRate,
  Query: {
    health: () => 'ok',
    ...merchantResolvers.Query,
    ...paymentResolvers.Query,
    ...invoiceResolvers.Query,
    ...ledgerResolvers.Query,
  },
  Mutation: {
    noop: () => true,
    ...merchantResolvers.Mutation,
    ...invoiceResolvers.Mutation,
  },
  Payment: paymentResolvers.Payment,
  Refund: paymentResolvers.Refund,
  Invoice: invoiceResolvers.Invoice,
};
