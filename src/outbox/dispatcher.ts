// Delivers due outbox events. At most one delivery per merchant at a time and at most
// `maxInFlight` overall; each pass takes each merchant's earliest due event only, so one
// merchant's dead or slow endpoint holds one slot for at most the send timeout and never
// delays another merchant's events. Every attempt, its outcome and the next due time are
// persisted, so a restart resumes from the outbox; an attempt cut off by shutdown is not
// recorded and is sent again (at least once: receivers dedupe on the event id).
// The clock and the timers are injected: tests drive the schedule with `runDue` under a
// manual clock instead of waiting.
import { performance } from 'node:perf_hooks';
import type { Clock } from '../domain/index.js';
import { createHttpSender, type Sender, type SendResult } from './http-sender.js';
import type { AttemptOutcome, EndpointStore, OutboxEvent, OutboxStore } from './ports.js';
import { retryDelayMs } from './schedule.js';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DispatcherLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DispatcherOptions {
  readonly events: OutboxStore;
  readonly endpoints: EndpointStore;
  readonly clock: Clock;
  readonly send?: Sender;
  readonly timers?: Timers;
  /** Deliveries under way at once, over all merchants (one per merchant at most). */
  readonly maxInFlight?: number;
  /** How often the outbox is looked at for new or due events. */
  readonly pollMs?: number;
  readonly log?: DispatcherLog;
}

export const DEFAULT_MAX_IN_FLIGHT = 32;
export const DEFAULT_POLL_MS = 500;

export class OutboxDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly send: Sender;
  private readonly timers: Timers;
  private readonly maxInFlight: number;
  private readonly pollMs: number;
  private timer: unknown = null;
  private running = false;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.send = options.send ?? createHttpSender();
    this.timers = options.timers ?? realTimers;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  }

  /** Starts polling the outbox; returns `stop`. */
  start(): () => void {
    this.running = true;
    this.wake(0);
    return () => this.stop();
  }

  /** Stops polling and cuts off deliveries under way (they stay pending in the outbox). */
  stop(): void {
    this.running = false;
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.abort.abort();
  }

  /** Looks at the outbox now (after a redelivery was scheduled). */
  poke(): void {
    this.wake(0);
  }

  /** Deliveries under way, by merchant. */
  get busyMerchants(): ReadonlySet<string> {
    return new Set(this.inFlight.keys());
  }

  /** Starts the due deliveries that fit; returns how many started. */
  pump(): number {
    if (this.stopped) return 0;
    const free = this.maxInFlight - this.inFlight.size;
    if (free <= 0) return 0;
    const due = this.options.events.due(this.options.clock.now().getTime(), free, new Set(this.inFlight.keys()));
    for (const event of due) {
      const delivery = this.deliver(event).finally(() => {
        this.inFlight.delete(event.merchantId);
        this.wake(0);
      });
      this.inFlight.set(event.merchantId, delivery);
    }
    return due.length;
  }

  /** Delivers everything due at the clock's present, waiting for each attempt (tests, benchmarks). */
  async runDue(): Promise<void> {
    for (;;) {
      this.pump();
      if (this.inFlight.size === 0) return;
      await Promise.race(this.inFlight.values());
    }
  }

  private wake(ms: number): void {
    if (!this.running) return;
    if (this.timer !== null) {
      if (ms > 0) return;
      this.timers.clear(this.timer);
    }
    this.timer = this.timers.set(() => {
      this.timer = null;
      try {
        this.pump();
      } catch (err) {
        this.options.log?.error({ err }, 'outbox: reading due events failed');
      }
      this.wake(this.pollMs);
    }, ms);
  }

  private async deliver(event: OutboxEvent): Promise<void> {
    const number = event.attempts + 1;
    const startedAt = this.options.clock.now();
    const started = performance.now();
    let result: SendResult;
    const endpoint = this.options.endpoints.get(event.merchantId);
    if (!endpoint) {
      result = { ok: false, statusCode: null, error: 'the merchant has no notification endpoint' };
    } else {
      try {
        result = await this.send({
          url: endpoint.url, secret: endpoint.secret, eventId: event.id, eventType: event.type, body: event.body,
          timestampSeconds: Math.floor(startedAt.getTime() / 1000), signal: this.abort.signal,
        });
      } catch {
        result = { ok: false, statusCode: null, error: 'the delivery failed inside the platform' };
      }
    }
    // cut off by shutdown: not an attempt; the event stays due and is sent after the restart
    if (this.stopped) return;
    const delay = result.ok ? null : retryDelayMs(number);
    const outcome: AttemptOutcome = result.ok
      ? { kind: 'DELIVERED', at: this.options.clock.now().toISOString() }
      : delay === null ? { kind: 'DEAD' } : { kind: 'RETRY', nextAttemptMs: startedAt.getTime() + delay };
    try {
      this.options.events.recordAttempt(event.id, {
        number, at: startedAt.toISOString(), statusCode: result.statusCode, error: result.error, durationMs: Math.round(performance.now() - started),
      }, outcome);
    } catch (err) {
      this.options.log?.error({ err, eventId: event.id }, 'outbox: recording an attempt failed');
      return;
    }
    if (outcome.kind === 'DEAD') this.options.log?.warn({ eventId: event.id, merchantId: event.merchantId, attempts: number }, 'outbox: event is dead after the retry schedule');
  }
}
