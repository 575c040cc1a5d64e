// Delivers due outbox events. At most `perMerchant` deliveries per merchant at a time and at
// most `maxInFlight` overall; each pass takes only each merchant's earliest due events, so a
// merchant's dead or slow endpoint holds at most `perMerchant` slots, each for at most the
// send timeout, and another merchant's events do not wait behind its backlog. Every attempt, its outcome and the next due time are
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
  /** Deliveries under way at once, over all merchants. */
  readonly maxInFlight?: number;
  /** Deliveries under way at once for one merchant. */
  readonly perMerchant?: number;
  /** How often the outbox is looked at for new or due events. */
  readonly pollMs?: number;
  readonly log?: DispatcherLog;
  /**
   * Runs the recording of an attempt; the platform passes its group commit, so attempts share
   * the durable commit (one fsync) with each other and with the requests being served.
   */
  readonly commit?: (work: () => void) => Promise<void>;
}

export const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_PER_MERCHANT = 4;
export const DEFAULT_POLL_MS = 500;

export class OutboxDispatcher {
  /** Deliveries under way by event id, and how many per merchant. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perMerchantBusy = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly send: Sender;
  private readonly timers: Timers;
  private readonly maxInFlight: number;
  private readonly perMerchant: number;
  private readonly pollMs: number;
  private timer: unknown = null;
  private running = false;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.send = options.send ?? createHttpSender();
    this.timers = options.timers ?? realTimers;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.perMerchant = options.perMerchant ?? DEFAULT_PER_MERCHANT;
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
  get busyMerchants(): ReadonlyMap<string, number> {
    return new Map(this.perMerchantBusy);
  }

  /** Starts the due deliveries that fit; returns how many started. */
  pump(): number {
    if (this.stopped) return 0;
    const free = this.maxInFlight - this.inFlight.size;
    if (free <= 0) return 0;
    const due = this.options.events.due(this.options.clock.now().getTime(), free, this.perMerchant, new Set(this.inFlight.keys()));
    let started = 0;
    for (const event of due) {
      if (started >= free) break;
      const busy = this.perMerchantBusy.get(event.merchantId) ?? 0;
      if (busy >= this.perMerchant) continue;
      this.perMerchantBusy.set(event.merchantId, busy + 1);
      const delivery = this.deliver(event).finally(() => {
        this.inFlight.delete(event.id);
        const left = (this.perMerchantBusy.get(event.merchantId) ?? 1) - 1;
        if (left > 0) this.perMerchantBusy.set(event.merchantId, left);
        else this.perMerchantBusy.delete(event.merchantId);
        this.wake(0);
      });
      this.inFlight.set(event.id, delivery);
      started += 1;
    }
    return started;
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
    const attempt = { number, at: startedAt.toISOString(), statusCode: result.statusCode, error: result.error, durationMs: Math.round(performance.now() - started) };
    const record = (): void => this.options.events.recordAttempt(event.id, attempt, outcome);
    try {
      if (this.options.commit) await this.options.commit(record);
      else record();
    } catch (err) {
      this.options.log?.error({ err, eventId: event.id }, 'outbox: recording an attempt failed');
      return;
    }
    if (outcome.kind === 'DEAD') this.options.log?.warn({ eventId: event.id, merchantId: event.merchantId, attempts: number }, 'outbox: event is dead after the retry schedule');
  }
}
