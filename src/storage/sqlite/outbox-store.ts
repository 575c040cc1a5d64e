// The outbox and notification endpoints on SQLite (migration platform/006).
import type { AttemptOutcome, DeliveryAttempt, EndpointStore, OutboxEvent, OutboxStore } from '../../outbox/index.js';
import type { SqliteDatabase } from './database.js';
import { inTransaction } from './database.js';
import { whereClause } from './where.js';

interface EventRow {
  seq: number; id: string; merchant_id: string; type: OutboxEvent['type']; body: string; created_at: string; status: OutboxEvent['status'];
  attempts: number; next_attempt_ms: number | null; delivered_at: string | null;
}
interface AttemptRow { event_id: string; number: number; at: string; status_code: number | null; error: string | null; duration_ms: number }

function toEvent(r: EventRow): OutboxEvent {
  return {
    seq: r.seq, id: r.id, merchantId: r.merchant_id, type: r.type, body: r.body, createdAt: r.created_at, status: r.status,
    attempts: r.attempts, nextAttemptMs: r.next_attempt_ms, deliveredAt: r.delivered_at,
  };
}

export function createSqliteEndpointStore(db: SqliteDatabase): EndpointStore {
  const get = db.prepare('SELECT merchant_id, url, secret, updated_at FROM notification_endpoints WHERE merchant_id = ?');
  const put = db.prepare(`INSERT INTO notification_endpoints (merchant_id, url, secret, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (merchant_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at`);
  return {
    get(merchantId) {
      const r = get.get(merchantId) as { merchant_id: string; url: string; secret: string; updated_at: string } | undefined;
      return r ? { merchantId: r.merchant_id, url: r.url, secret: r.secret, updatedAt: r.updated_at } : null;
    },
    put(e) {
      put.run(e.merchantId, e.url, e.secret, e.updatedAt);
    },
  };
}

export function createSqliteOutboxStore(db: SqliteDatabase): OutboxStore {
  const s = {
    insert: db.prepare(`INSERT INTO outbox_events (id, merchant_id, type, body, created_at, status, next_attempt_ms)
      VALUES (@id, @merchantId, @type, @body, @createdAt, @status, @nextAttemptMs)`),
    get: db.prepare('SELECT * FROM outbox_events WHERE id = ?'),
    // each merchant's earliest due events, earliest first
    due: db.prepare(`SELECT * FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY merchant_id ORDER BY next_attempt_ms, seq) AS rank
        FROM outbox_events WHERE status = 'PENDING' AND next_attempt_ms <= ?
      ) WHERE rank <= ? ORDER BY next_attempt_ms, seq LIMIT ?`),
    attempt: db.prepare('INSERT INTO outbox_attempts (event_id, number, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)'),
    delivered: db.prepare("UPDATE outbox_events SET status = 'DELIVERED', attempts = ?, next_attempt_ms = NULL, delivered_at = ? WHERE id = ?"),
    retry: db.prepare("UPDATE outbox_events SET status = 'PENDING', attempts = ?, next_attempt_ms = ? WHERE id = ?"),
    dead: db.prepare("UPDATE outbox_events SET status = 'DEAD', attempts = ?, next_attempt_ms = NULL WHERE id = ?"),
    reschedule: db.prepare("UPDATE outbox_events SET status = 'PENDING', next_attempt_ms = ? WHERE id = ?"),
    nextDue: db.prepare("SELECT MIN(next_attempt_ms) AS next FROM outbox_events WHERE status = 'PENDING'"),
  };
  return {
    insert(e) {
      s.insert.run({ ...e });
    },
    get(id) {
      const r = s.get.get(id) as EventRow | undefined;
      return r ? toEvent(r) : null;
    },
    due(nowMs, limit, perMerchant, skip) {
      // events under way are skipped here rather than in SQL: there are at most maxInFlight of them
      const rows = s.due.all(nowMs, perMerchant, limit + skip.size) as EventRow[];
      return rows.filter((r) => !skip.has(r.id)).slice(0, limit + skip.size).map(toEvent);
    },
    recordAttempt(eventId: string, a: DeliveryAttempt, outcome: AttemptOutcome) {
      inTransaction(db, () => {
        s.attempt.run(eventId, a.number, a.at, a.statusCode, a.error, a.durationMs);
        if (outcome.kind === 'DELIVERED') s.delivered.run(a.number, outcome.at, eventId);
        else if (outcome.kind === 'RETRY') s.retry.run(a.number, outcome.nextAttemptMs, eventId);
        else s.dead.run(a.number, eventId);
      });
    },
    reschedule(eventId, nextAttemptMs) {
      s.reschedule.run(nextAttemptMs, eventId);
    },
    attempts(eventIds) {
      const out = new Map<string, DeliveryAttempt[]>();
      if (eventIds.length === 0) return out;
      const rows = db.prepare(`SELECT * FROM outbox_attempts WHERE event_id IN (${eventIds.map(() => '?').join(',')}) ORDER BY event_id, number`).all(...eventIds) as AttemptRow[];
      for (const r of rows) {
        const list = out.get(r.event_id) ?? [];
        list.push({ number: r.number, at: r.at, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms });
        out.set(r.event_id, list);
      }
      return out;
    },
    page(filter, afterSeq, limit) {
      const where = whereClause([['seq > ?', afterSeq], ['merchant_id = ?', filter.merchantId], ['status = ?', filter.status]]);
      return (db.prepare(`SELECT * FROM outbox_events WHERE ${where.sql} ORDER BY seq LIMIT ?`).all(...where.params, limit) as EventRow[]).map(toEvent);
    },
    nextDueMs() {
      return (s.nextDue.get() as { next: number | null }).next;
    },
  };
}
