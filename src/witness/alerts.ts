// What the tax authority sees first: each alert kind has a severity, and repeats of one
// problem (same origin, kind and tree size) are one alert with a count, first and last seen,
// so a flood of one refused block cannot bury a fork.
import type { Alert, AlertSeverity, Evidence } from './ports.js';

/** A fork is proof the log signed two histories; a refused root may be a bug or tampering. */
export function alertSeverity(kind: Alert['kind'], evidenceKind: Evidence['kind'] | null = null): AlertSeverity {
  if (kind === 'FORK') return 'CRITICAL';
  if (kind === 'REJECTED_BLOCK') return evidenceKind === 'ROOT_MISMATCH' || evidenceKind === null ? 'HIGH' : 'LOW';
  return 'MEDIUM';
}

/** Alerts with the same key are coalesced into one (LEDGER.md §6 keeps the first evidence). */
export function alertCoalesceKey(origin: string, kind: Alert['kind'], evidenceKind: Evidence['kind'], size: number): string {
  return `${origin}\n${kind}\n${evidenceKind}\n${size}`;
}
