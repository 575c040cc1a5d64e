// The platform's side of replication (LEDGER.md §6): sealed blocks pushed to the tax node.
export { Replicator, type ReplicatorOptions, type ReplicationState } from './replicator.js';
