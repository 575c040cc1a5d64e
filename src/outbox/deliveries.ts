// What a merchant sees of its outbox: each event with its delivery state and attempts, and
// a redelivery on request (a dead event gets one more attempt now; a pending one is moved up).
import { authorize, merchantFilter, notFound, type Principal } from '../access/index.js';
import type { Clock } from '../domain/index.js';
import type { DeliveryAttempt, DeliveryStatus, OutboxEvent, OutboxStore } from './ports.js';

export interface DeliveryDeps {
  readonly events: OutboxStore;
  readonly clock: Clock;
  /** Wakes the dispatcher after a redelivery was scheduled. */
  readonly onScheduled?: () => void;
}

export interface Delivery extends OutboxEvent {
  readonly attemptList: readonly DeliveryAttempt[];
}

function withAttempts(events: OutboxStore, rows: readonly OutboxEvent[]): Delivery[] {
  const attempts = events.attempts(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, attemptList: attempts.get(r.id) ?? [] }));
}

/** A keyset page of deliveries: MERCHANT its own, ADMIN any (optionally one merchant's). */
export function listDeliveries(
  deps: Pick<DeliveryDeps, 'events'>,
  principal: Principal | null,
  filter: { merchantId?: string | null; status?: DeliveryStatus | null },
  page: { afterSeq: number; limit: number },
): Delivery[] {
  const own = merchantFilter(authorize(principal, 'notification:read'));
  const merchantId = own ?? filter.merchantId ?? null;
  const rows = deps.events.page({ ...(merchantId ? { merchantId } : {}), ...(filter.status ? { status: filter.status } : {}) }, page.afterSeq, page.limit);
  return withAttempts(deps.events, rows);
}

/** Schedules one more attempt of an event now. Throws NOTIFICATION.NOT_FOUND for another merchant's or a missing event. */
export function redeliver(deps: DeliveryDeps, principal: Principal | null, eventId: string): Delivery {
  authorize(principal, 'notification:redeliver');
  const event = deps.events.get(eventId);
  if (!event) throw notFound({ type: 'notificationEvent', id: eventId });
  authorize(principal, 'notification:redeliver', { type: 'notificationEvent', id: eventId, merchantId: event.merchantId });
  deps.events.reschedule(eventId, deps.clock.now().getTime());
  deps.onScheduled?.();
  return withAttempts(deps.events, [deps.events.get(eventId) as OutboxEvent])[0] as Delivery;
}
