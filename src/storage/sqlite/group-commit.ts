// Group commit on better-sqlite3. Each submitted unit runs in a nested transaction (a
// SAVEPOINT), so a unit that throws rolls back alone; the batch commits once. Promises settle
// only after COMMIT returns, so a 2xx is never sent for something that is not on disk. Under
// light load a batch is one unit and the cost is one setImmediate.
import type { GroupCommit } from '../../shared/unit-of-work.js';
import type { SqliteDatabase } from './database.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export const MAX_BATCH = 256;

export interface GroupCommitOptions {
  readonly afterCommit?: () => void;
  /** Observes each batch's transaction: its duration in seconds and how many units it held. */
  readonly onCommit?: (seconds: number, units: number) => void;
}

export function createGroupCommit(db: SqliteDatabase, options: GroupCommitOptions = {}): GroupCommit & { flush(): void } {
  let queue: Pending[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      const started = options.onCommit ? process.hrtime.bigint() : 0n;
      try {
        db.transaction(() => {
          for (const unit of batch) {
            try {
              outcomes.push({ ok: true, value: db.transaction(unit.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        }).immediate();
        options.onCommit?.(Number(process.hrtime.bigint() - started) / 1e9, batch.length);
      } catch (error) {
        // the commit itself failed: nothing of the batch is durable
        for (const unit of batch) unit.reject(error);
        continue;
      }
      batch.forEach((unit, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) unit.resolve(outcome.value);
        else unit.reject(outcome?.error);
      });
      options.afterCommit?.();
    }
  }

  return {
    submit<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    flush,
  };
}
