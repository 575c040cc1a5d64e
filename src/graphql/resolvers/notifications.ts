// Notification endpoint and deliveries: thin resolvers over src/outbox, which authorizes
// (notification:read / configure / redeliver: MERCHANT its own, ADMIN any merchant's).
import { listDeliveries, readNotificationEndpoint, redeliver, setNotificationEndpoint, type Delivery, type DeliveryStatus } from '../../outbox/index.js';
import { decodeCursor, pageSize, toConnection } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const notificationResolvers = {
  Query: {
    notificationEndpoint: (_: unknown, args: { merchantId?: string | null }, ctx: GraphQLContext) =>
      readNotificationEndpoint(ctx.platform.endpointDeps, ctx.principal, args.merchantId),
    notificationDeliveries(_: unknown, args: { merchantId?: string | null; status?: DeliveryStatus | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) {
      const size = pageSize(args.first);
      const rows = listDeliveries(ctx.platform.deliveryDeps, ctx.principal, { merchantId: args.merchantId ?? null, status: args.status ?? null }, { afterSeq: decodeCursor(args.after), limit: size + 1 });
      return toConnection(rows, size);
    },
  },
  Mutation: {
    setNotificationEndpoint: (_: unknown, args: { merchantId?: string | null; url: string; rotateSecret?: boolean | null }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => setNotificationEndpoint(ctx.platform.endpointDeps, ctx.principal, args.merchantId, { url: args.url, rotateSecret: args.rotateSecret ?? false })),
    redeliverNotification: (_: unknown, args: { eventId: string }, ctx: GraphQLContext) =>
      ctx.platform.writes.submit(() => redeliver(ctx.platform.deliveryDeps, ctx.principal, args.eventId)),
  },
  NotificationDelivery: {
    eventId: (d: Delivery) => d.id,
    attempts: (d: Delivery) => d.attemptList,
    nextAttemptAt: (d: Delivery) => (d.nextAttemptMs === null ? null : new Date(d.nextAttemptMs).toISOString()),
    payload: (d: Delivery) => d.body,
  },
};
