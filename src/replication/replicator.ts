// The platform's side of replication (LEDGER.md §6): push every sealed block, in order, to
// the tax node; store its cosignature beside the checkpoint. When the tax node is down or
// says it stands elsewhere, back off and resend from the size it holds. Nothing is skipped or
// sent twice into its log (it refuses what does not start where it stands), and serving never
// waits. The node is reached through the TaxNodeClient port (HTTP: src/http/tax-node-client.ts).
import { isDomainError } from '../domain/index.js';
import type { Ledger, LedgerStore } from '../ledger/index.js';
import type { TaxNodeClient } from './protocol.js';

export interface ReplicatorOptions {
  readonly ledger: Ledger;
  readonly store: LedgerStore;
  readonly taxNode: TaxNodeClient;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How often to look for sealed blocks when nothing pokes it. */
  readonly pollMs?: number;
  /** Counts each block sent, cosigned or refused (the blocks metric). */
  readonly onBlock?: (event: 'sent' | 'cosigned' | 'refused') => void;
  /** Unix ms now (the lag in the log lines); Date.now by default. */
  readonly now?: () => number;
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
    const leaves = [...this.options.store.entries(this.taxNodeSize, next.size)].map((e) => e.data);
    let outcome;
    // each block logs at info with its size and lag (how long since it was sealed)
    const block = { size: next.size, entries: leaves.length, firstIndex: this.taxNodeSize };
    const lagMs = (): number => Math.max(0, (this.options.now ?? Date.now)() - next.signedAt);
    this.options.log.info({ ...block, lagMs: lagMs() }, 'block sent to the tax node');
    this.options.onBlock?.('sent');
    try {
      outcome = await this.options.taxNode.pushBlock({ origin: this.options.ledger.origin, checkpoint: next.note, firstIndex: this.taxNodeSize, leaves });
    } catch (error) {
      // TAX_NODE.* errors are worded by the client; anything else is reported by its kind only
      return this.failed(isDomainError(error) ? error.message : `tax node unreachable: ${(error as Error).message}`);
    }
    switch (outcome.kind) {
      case 'accepted':
        try {
          this.options.ledger.attachCosignature(next.size, outcome.cosignature);
        } catch (error) {
          return this.failed(`the tax node's cosignature for size ${next.size} was refused: ${(error as Error).message}`);
        }
        this.options.log.info({ ...block, lagMs: lagMs() }, 'block cosigned by the tax node');
        this.options.onBlock?.('cosigned');
        this.taxNodeSize = next.size;
        this.sentBlocks += 1;
        this.failures = 0;
        this.lastError = null;
        return 'progress';
      case 'behind':
        this.options.log.info({ taxNodeSize: outcome.size, sentFrom: this.taxNodeSize }, 'tax node stands elsewhere; resending from its size');
        if (outcome.size === this.taxNodeSize) return this.failed('tax node stands at the size it was sent from, yet did not take the block');
        this.taxNodeSize = Math.min(outcome.size, this.options.store.size());
        return 'progress';
      case 'refused':
        this.options.log.info({ ...block, lagMs: lagMs(), reason: outcome.reason }, 'block refused by the tax node');
        this.options.onBlock?.('refused');
        return this.failed(`tax node refused the block: ${outcome.reason}${outcome.message ? `: ${outcome.message}` : ''}`);
    }
  }

  private failed(message: string): Step {
    this.failures += 1;
    this.lastError = message;
    if (this.failures === 1 || this.failures % 20 === 0) this.options.log.warn({ failures: this.failures }, message);
    return 'retry';
  }
}
