// Employees and reimbursement claims on SQLite.
import type { Claim, ReimbursementStore } from '../../reimbursement/index.js';
import type { SqliteDatabase } from './database.js';
import { whereClause } from './where.js';

interface ClaimRow {
  seq: number; id: string; invoice: string; employer_id: string; person_id: string; status: Claim['status']; amount: number; reason: string | null;
  claimed_index: number; decided_index: number | null; created_at: string; decided_at: string | null;
}
const toClaim = (r: ClaimRow): Claim => ({
  seq: r.seq, id: r.id, invoice: r.invoice, employerId: r.employer_id, personId: r.person_id, status: r.status, amount: r.amount, reason: r.reason,
  claimedIndex: r.claimed_index, decidedIndex: r.decided_index, createdAt: r.created_at, decidedAt: r.decided_at,
});

export function createSqliteReimbursementStore(db: SqliteDatabase): ReimbursementStore {
  const s = {
    insertEmployee: db.prepare('INSERT INTO employees (id, employer_id, name, created_at) VALUES (?, ?, ?, ?)'),
    insertClaim: db.prepare(`INSERT INTO reimbursement_claims (id, invoice, employer_id, person_id, status, amount, reason, claimed_index, decided_index, created_at, decided_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    get: db.prepare('SELECT * FROM reimbursement_claims WHERE id = ?'),
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
      const where = whereClause([['seq > ?', afterSeq], ['employer_id = ?', filter.employerId], ['person_id = ?', filter.personId], ['status = ?', filter.status]]);
      return (db.prepare(`SELECT * FROM reimbursement_claims WHERE ${where.sql} ORDER BY seq LIMIT ?`).all(...where.params, limit) as ClaimRow[]).map(toClaim);
    },
  };
}
