// The platform's side of replication (LEDGER.md §6): push every sealed block, in order, to
// the tax node; store its cosignature beside the checkpoint. When the tax node is down or
// answers 409, back off and resend from the size it holds. Nothing is skipped or sent twice
// into its log (it refuses what does not start where it stands), and serving never waits.
import type { Ledger, LedgerStore } from '../ledger/index.js';

export interface ReplicatorOptions {
  readonly ledger: Ledger;
  readonly store: LedgerStore;
  readonly taxNodeUrl: string;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How often to look for sealed blocks when nothing pokes it. */
  readonly pollMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface ReplicationState {
  /** Where the tax node stands, as far as this process knows. */
  readonly taxNodeSize: number;
  readonly sentBlocks: number;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
}

type Step = 'progress' | 'idle' | 'retry';

export class Replicator {
  private taxNodeSize: number;
  private sentBlocks = 0;
  private failures = 0;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollMs: number;

  constructor(private readonly options: ReplicatorOptions) {
    this.taxNodeSize = options.store.latestCosignedSize();
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
  }

  state(): ReplicationState {
    return { taxNodeSize: this.taxNodeSize, sentBlocks: this.sentBlocks, consecutiveFailures: this.failures, lastError: this.lastError };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A block was sealed: push now rather than at the next poll (unless backing off). */
  poke(): void {
    if (!this.stopped && !this.running && this.failures === 0) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delayMs);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let step: Step = 'progress';
    try {
      while (step === 'progress' && !this.stopped) step = await this.pushNext();
    } finally {
      this.running = false;
    }
    const backoff = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.max(0, this.failures - 1));
    this.schedule(step === 'retry' ? backoff : this.pollMs);
  }

  /** Sends the block after the tax node's size, if one is sealed. */
  async pushNext(): Promise<Step> {
    const next = this.options.store.checkpointsAfter(this.taxNodeSize, 1)[0];
    if (!next) return 'idle';
    const leaves = [...this.options.store.entries(this.taxNodeSize, next.size)].map((e) => Buffer.from(e.data).toString('base64'));
    let response: Response;
    try {
      response = await fetch(`${this.options.taxNodeUrl}/replication/blocks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ origin: this.options.ledger.origin, checkpoint: next.note, firstIndex: this.taxNodeSize, leaves }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
    } catch (error) {
      return this.failed(`tax node unreachable: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as { size?: number; cosignature?: string; reason?: string; message?: string };
    if (response.status === 200 && typeof body.cosignature === 'string') {
      try {
        this.options.ledger.attachCosignature(next.size, body.cosignature);
      } catch (error) {
        return this.failed(`the tax node's cosignature for size ${next.size} was refused: ${(error as Error).message}`);
      }
      this.taxNodeSize = next.size;
      this.sentBlocks += 1;
      this.failures = 0;
      this.lastError = null;
      return 'progress';
    }
    if (response.status === 409 && typeof body.size === 'number') {
      this.options.log.info({ taxNodeSize: body.size, sentFrom: this.taxNodeSize }, 'tax node stands elsewhere; resending from its size');
      if (body.size === this.taxNodeSize) return this.failed('tax node answered 409 at the size it already holds');
      this.taxNodeSize = Math.min(body.size, this.options.store.size());
      return 'progress';
    }
    return this.failed(`tax node answered ${response.status}${body.reason ? ` ${body.reason}` : ''}${body.message ? `: ${body.message}` : ''}`);
  }

  private failed(message: string): Step {
    this.failures += 1;
    this.lastError = message;
    if (this.failures === 1 || this.failures % 20 === 0) this.options.log.warn({ failures: this.failures }, message);
    return 'retry';
  }
}
