// Raises a SILENT alert for a followed ledger that has sent no block for longer than the
// threshold, once per silence (a new alert only after a block arrived again).
import type { Clock } from '../domain/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { FollowedLedger } from './accept-block.js';
import { alertSeverity } from './alerts.js';
import type { TaxNodeStore } from './ports.js';

export function checkSilence(deps: { followed: ReadonlyMap<string, FollowedLedger>; store: TaxNodeStore; clock: Clock; ids: IdGenerator; thresholdMs: number; startedAt: Date }): number {
  let raised = 0;
  const now = deps.clock.now();
  for (const f of deps.followed.values()) {
    const lastBlockAt = f.mirror.index.lastBlockAt();
    const since = lastBlockAt ? Date.parse(lastBlockAt) : deps.startedAt.getTime();
    if (now.getTime() - since <= deps.thresholdMs) continue;
    const previous = deps.store.latestAlert(f.origin, 'SILENT');
    if (previous && Date.parse(previous.createdAt) >= since) continue;
    deps.store.insertAlert({
      id: deps.ids.next('alr'), origin: f.origin, kind: 'SILENT', severity: alertSeverity('SILENT'), evidenceId: null, createdAt: now.toISOString(),
      message: `${f.origin} has sent no block since ${new Date(since).toISOString()} (more than ${Math.round(deps.thresholdMs / 1000)} s)`,
    });
    raised += 1;
  }
  return raised;
}
