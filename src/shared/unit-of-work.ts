/** Runs a function in one database transaction: state changes and ledger entries commit together. */
export interface UnitOfWork {
  run<T>(fn: () => T): T;
}
