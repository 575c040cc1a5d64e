export type { Claim, ClaimStatus, Employee, ReimbursementStore } from './ports.js';
export { registerEmployee, claimReimbursement, approveReimbursements, rejectReimbursement, type ReimbursementDeps } from './claims.js';
