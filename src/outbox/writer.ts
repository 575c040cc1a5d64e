// Appends an event to the outbox. Called inside the state change's transaction, next to its
// ledger entry, so the event exists exactly when the change committed (a rollback takes the
// event with it). A merchant without an endpoint subscribes to nothing: no row is written.
import type { Clock } from '../domain/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { EndpointStore, OutboxEventType, OutboxStore } from './ports.js';

export interface OutboxAppend {
  readonly merchantId: string;
  readonly type: OutboxEventType;
  /** What happened, as the merchant's system reads it (ids, numbers, amounts in fen). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface OutboxWriter {
  /** Must run inside the unit of work of the change it reports. */
  append(event: OutboxAppend): void;
}

export function createOutboxWriter(deps: { events: OutboxStore; endpoints: EndpointStore; ids: IdGenerator; clock: Clock }): OutboxWriter {
  return {
    append(event) {
      if (!deps.endpoints.get(event.merchantId)) return;
      const now = deps.clock.now();
      const id = deps.ids.next('evt');
      const createdAt = now.toISOString();
      const body = JSON.stringify({ id, type: event.type, createdAt, merchantId: event.merchantId, data: event.data });
      deps.events.insert({ id, merchantId: event.merchantId, type: event.type, body, createdAt, status: 'PENDING', nextAttemptMs: now.getTime() });
    },
  };
}
