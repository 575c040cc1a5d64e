export type { Claim, ClaimStatus, Employee, ReimbursementStore } from './ports.js';
export { registerEmployee, claimReimbursement, approveReimbursements, rejectReimbursement, listOwnClaims, listCompanyClaims, type ReimbursementDeps } from './claims.js';
