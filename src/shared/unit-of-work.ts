/** Runs a function in one database transaction: state changes and ledger entries commit together. */
export interface UnitOfWork {
  run<T>(fn: () => T): T;
}

/**
 * Group commit: writes submitted while the event loop is busy are run together in one
 * transaction, each in its own savepoint, and every submitter is answered only after that
 * transaction is durably committed. One fsync then serves many requests.
 */
export interface GroupCommit {
  submit<T>(work: () => T): Promise<T>;
}
