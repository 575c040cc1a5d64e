import { DomainError } from '../domain/index.js';

/** Ledger failures a peer or an operator must be told about, with stable `LEDGER.*` codes. */
export function ledgerError(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(`LEDGER.${code}`, message, details);
}
