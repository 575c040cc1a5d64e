import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars.js';
import { invoiceResolvers } from './invoices.js';
import { ledgerResolvers } from './ledger.js';
import { merchantResolvers } from './merchants.js';
import { paymentResolvers } from './payments.js';
import { reimbursementResolvers } from './reimbursement.js';
import { taxReportResolvers } from './tax-reports.js';
import { reconciliationResolvers } from './reconciliation.js';
import { providerResolvers } from './providers.js';
import { notificationResolvers } from './notifications.js';

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
    ...reimbursementResolvers.Query,
    ...taxReportResolvers.Query,
    ...reconciliationResolvers.Query,
    ...providerResolvers.Query,
    ...notificationResolvers.Query,
  },
  Mutation: {
    noop: () => true,
    ...merchantResolvers.Mutation,
    ...invoiceResolvers.Mutation,
    ...reimbursementResolvers.Mutation,
    ...taxReportResolvers.Mutation,
    ...reconciliationResolvers.Mutation,
    ...providerResolvers.Mutation,
    ...notificationResolvers.Mutation,
  },
  Payment: paymentResolvers.Payment,
  Refund: paymentResolvers.Refund,
  Invoice: invoiceResolvers.Invoice,
  ReimbursementClaim: reimbursementResolvers.ReimbursementClaim,
  TaxReport: taxReportResolvers.TaxReport,
  ReconciliationReport: reconciliationResolvers.ReconciliationReport,
  NotificationDelivery: notificationResolvers.NotificationDelivery,
};
