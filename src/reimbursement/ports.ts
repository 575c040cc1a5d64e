export type ClaimStatus = 'LOCKED' | 'CLOSED' | 'REJECTED';

export interface Claim {
  readonly seq: number;
  readonly id: string;
  readonly invoice: string;
  readonly employerId: string;
  readonly personId: string;
  /** The employee's name as registered (registerEmployee), read with the claim (a join, not a lookup per row). */
  readonly personName: string | null;
  readonly status: ClaimStatus;
  readonly amount: number;
  readonly reason: string | null;
  readonly claimedIndex: number;
  readonly decidedIndex: number | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

export interface Employee {
  readonly id: string;
  readonly employerId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ReimbursementStore {
  insertEmployee(employee: Employee): void;
  insertClaim(claim: Omit<Claim, 'seq' | 'personName'>): void;
  get(id: string): Claim | null;
  decide(id: string, change: { status: ClaimStatus; reason: string | null; decidedIndex: number; decidedAt: string }): void;
  page(filter: { employerId?: string; personId?: string; status?: ClaimStatus }, afterSeq: number, limit: number): Claim[];
}
