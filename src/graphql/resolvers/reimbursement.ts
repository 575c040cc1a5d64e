import {
  approveReimbursements, claimReimbursement, registerEmployee, rejectReimbursement, type Claim, type ClaimStatus,
} from '../../reimbursement/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { requireRole } from '../guards.js';

export const reimbursementResolvers = {
  Query: {
    myClaims(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const employee = requireRole(ctx.principal, 'EMPLOYEE');
      const size = pageSize(args.first);
      return toConnection(ctx.platform.reimbursementDeps.claims.page({ personId: employee.personId, employerId: employee.employerId }, decodeCursor(args.after), size + 1), size);
    },
    companyClaims(_: unknown, args: { status?: ClaimStatus | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const finance = requireRole(ctx.principal, 'FINANCE');
      const size = pageSize(args.first);
      const filter = { employerId: finance.employerId, ...(args.status ? { status: args.status } : {}) };
      return toConnection(ctx.platform.reimbursementDeps.claims.page(filter, decodeCursor(args.after), size + 1), size);
    },
  },
  Mutation: {
    registerEmployee(_: unknown, args: { name: string }, ctx: GraphQLContext) {
      const finance = requireRole(ctx.principal, 'FINANCE');
      return ctx.platform.writes.submit(() => registerEmployee(ctx.platform.reimbursementDeps, finance, args.name));
    },
    claimReimbursement(_: unknown, args: { invoiceNumber: string; issueDate: string; totalAmount: number }, ctx: GraphQLContext) {
      const employee = requireRole(ctx.principal, 'EMPLOYEE');
      return ctx.platform.writes.submit(() => claimReimbursement(ctx.platform.reimbursementDeps, employee, args));
    },
    approveReimbursements(_: unknown, args: { claimIds: string[] }, ctx: GraphQLContext) {
      const finance = requireRole(ctx.principal, 'FINANCE');
      return ctx.platform.writes.submit(() => approveReimbursements(ctx.platform.reimbursementDeps, finance, args.claimIds));
    },
    rejectReimbursement(_: unknown, args: { claimId: string; reason: string }, ctx: GraphQLContext) {
      const finance = requireRole(ctx.principal, 'FINANCE');
      return ctx.platform.writes.submit(() => rejectReimbursement(ctx.platform.reimbursementDeps, finance, args.claimId, args.reason));
    },
  },
  ReimbursementClaim: {
    invoice: (c: Claim, _: unknown, ctx: GraphQLContext) => ctx.platform.invoices.get(c.invoice),
    ledgerIndex: (c: Claim) => c.decidedIndex ?? c.claimedIndex,
  },
};
