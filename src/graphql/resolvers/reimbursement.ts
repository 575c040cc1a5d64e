import {
  approveReimbursements, claimReimbursement, listCompanyClaims, listOwnClaims, registerEmployee, rejectReimbursement, type Claim, type ClaimStatus,
} from '../../reimbursement/index.js';
import { toConnection, decodeCursor, pageSize } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const reimbursementResolvers = {
  Query: {
    myClaims(_: unknown, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      return toConnection(listOwnClaims(ctx.platform.reimbursementDeps, ctx.principal, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
    companyClaims(_: unknown, args: { status?: ClaimStatus | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      return toConnection(listCompanyClaims(ctx.platform.reimbursementDeps, ctx.principal, args.status ?? null, { afterSeq: decodeCursor(args.after), limit: size + 1 }), size);
    },
  },
  Mutation: {
    registerEmployee: (_: unknown, args: { name: string }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => registerEmployee(ctx.platform.reimbursementDeps, ctx.principal, args.name)),
    claimReimbursement: (_: unknown, args: { invoiceNumber: string; issueDate: string; totalAmount: number }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => claimReimbursement(ctx.platform.reimbursementDeps, ctx.principal, args)),
    approveReimbursements: (_: unknown, args: { claimIds: string[] }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => approveReimbursements(ctx.platform.reimbursementDeps, ctx.principal, args.claimIds)),
    rejectReimbursement: (_: unknown, args: { claimId: string; reason: string }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => rejectReimbursement(ctx.platform.reimbursementDeps, ctx.principal, args.claimId, args.reason)),
  },
  ReimbursementClaim: {
    invoice: (c: Claim, _: unknown, ctx: GraphQLContext) => ctx.platform.invoices.get(c.invoice),
    ledgerIndex: (c: Claim) => c.decidedIndex ?? c.claimedIndex,
    employeeName: (c: Claim) => c.personName,
  },
};
