// The platform's side of replication (LEDGER.md §6): sealed blocks pushed to the tax node.
export { Replicator, type ReplicatorOptions, type ReplicationState } from './replicator.js';
export { REFUSAL_REASONS, type BlockSubmission, type BlockOutcome, type RefusalReason, type HeldStatus, type TaxNodeClient } from './protocol.js';
