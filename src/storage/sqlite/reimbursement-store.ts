// Employees and reimbursement claims on SQLite.
import type { Claim, ReimbursementStore } from '../../reimbursement/index.js';
import type { SqliteDatabase } from './database.js';
import { whereClause } from './where.js';

interface ClaimRow {
  seq: number; id: string; invoice: string; employer_id: string; person_id: string; status: Claim['status']; amount: number; reason: string | null;
  claimed_index: number; decided_index: number | null; created_at: string; decided_at: string | null; person_name: string | null;
}
const toClaim = (r: ClaimRow): Claim => ({
  seq: r.seq, id: r.id, invoice: r.invoice, employerId: r.employer_id, personId: r.person_id, personName: r.person_name, status: r.status, amount: r.amount, reason: r.reason,
  claimedIndex: r.claimed_index, decidedIndex: r.decided_index, createdAt: r.created_at, decidedAt: r.decided_at,
});

// the employee's name comes with the claim: one join per page, never a query per claim; an
// employee is matched within the claim's employer only
const WITH_NAME = 'SELECT c.*, e.name AS person_name FROM reimbursement_claims c LEFT JOIN employees e ON e.id = c.person_id AND e.employer_id = c.employer_id';

export function createSqliteReimbursementStore(db: SqliteDatabase): ReimbursementStore {
  const s = {
    insertEmployee: db.prepare('INSERT INTO employees (id, employer_id, name, created_at) VALUES (?, ?, ?, ?)'),
    insertClaim: db.prepare(`INSERT INTO reimbursement_claims (id, invoice, employer_id, person_id, status, amount, reason, claimed_index, decided_index, created_at, decided_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    get: db.prepare(`${WITH_NAME} WHERE c.id = ?`),
    decide: db.prepare('UPDATE reimbursement_claims SET status = ?, reason = ?, decided_index = ?, decided_at = ? WHERE id = ?'),
  };
  return {
    insertEmployee: (e) => void s.insertEmployee.run(e.id, e.employerId, e.name, e.createdAt),
    insertClaim: (c) => void s.insertClaim.run(c.id, c.invoice, c.employerId, c.personId, c.status, c.amount, c.reason, c.claimedIndex, c.decidedIndex, c.createdAt, c.decidedAt),
    get(id) {
      const row = s.get.get(id) as ClaimRow | undefined;
      return row ? toClaim(row) : null;
    },
    decide: (id, c) => void s.decide.run(c.status, c.reason, c.decidedIndex, c.decidedAt, id),
    page(filter, afterSeq, limit) {
      const where = whereClause([['c.seq > ?', afterSeq], ['c.employer_id = ?', filter.employerId], ['c.person_id = ?', filter.personId], ['c.status = ?', filter.status]]);
      return (db.prepare(`${WITH_NAME} WHERE ${where.sql} ORDER BY c.seq LIMIT ?`).all(...where.params, limit) as ClaimRow[]).map(toClaim);
    },
  };
}
