// Out: invoice events to merchants' systems (issue 14). A durable outbox written in the same
// transaction as the state change, a dispatcher that delivers with WeChat Pay's retry
// schedule, each merchant's endpoint and the deliveries it can list and redeliver.
export { OUTBOX_EVENT_TYPES, type OutboxEventType, type DeliveryStatus, type NotificationEndpoint, type OutboxEvent, type DeliveryAttempt, type AttemptOutcome, type EndpointStore, type OutboxStore } from './ports.js';
export { RETRY_DELAYS_SECONDS, MAX_ATTEMPTS, retryDelayMs } from './schedule.js';
export { createOutboxWriter, type OutboxWriter, type OutboxAppend } from './writer.js';
export { setNotificationEndpoint, readNotificationEndpoint, validateEndpointUrl, MAX_URL_LENGTH, type EndpointDeps, type EndpointView, type EndpointSetup } from './endpoint.js';
export { listDeliveries, redeliver, type Delivery, type DeliveryDeps } from './deliveries.js';
export { createHttpSender, EVENT_ID_HEADER, EVENT_TYPE_HEADER, DELIVERY_TIMEOUT_MS, type Sender, type SendRequest, type SendResult } from './http-sender.js';
export { OutboxDispatcher, realTimers, DEFAULT_MAX_IN_FLIGHT, DEFAULT_PER_MERCHANT, DEFAULT_POLL_MS, type Timers, type DispatcherOptions, type DispatcherLog } from './dispatcher.js';
