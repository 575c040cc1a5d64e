// The ledger's public surface (LEDGER.md §3 names these; tests and tools rely on them).
export { HASH_SIZE, EMPTY_ROOT, leafHash, nodeHash, foldFrontier, equalBytes } from './hash.js';
export {
  CompactRange, type TreeHasher, type NodeVisitor, portableHasher, rangeLevels, rootFromLeafHashes,
} from './compact-range.js';
export { serverLeafHash, serverNodeHash, serverHasher } from './server-hash.js';
export { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json.js';
export { ENTRY_FORMAT_VERSION, ENTRY_TYPES, MAX_ENTRY_BYTES, type EntryType, type LedgerEntry, encodeEntry, decodeEntry } from './entry.js';
export {
  type NodeId, type PlannedHash, splitPoint, perfectNodesOf, planInclusion, planConsistency, frontierOf,
} from './proof-plan.js';
export { verifyInclusion, verifyConsistency, type InclusionClaim, type ConsistencyClaim } from './verify.js';
export { keyPairFromSeed, generateSeed, signEd25519, verifyEd25519, type Ed25519KeyPair } from './ed25519.js';
export {
  SIG_TYPE_ED25519, SIG_TYPE_COSIGNATURE, keyId, toBase64, fromBase64, type VerifierKey, formatVerifierKey,
  parseVerifierKey, type NoteSigner, signerFromSeed, formatSignerKey, parseSignerKey, type ParsedNote,
  type NoteSignature, parseNote, signNote, openNote,
} from './note.js';
export { type Checkpoint, formatCheckpoint, parseCheckpointText, signCheckpoint, openCheckpoint } from './checkpoint.js';
export { type Cosignature, cosignCheckpoint, parseCosignatureLine, verifyCosignature } from './cosignature.js';
export type { LedgerStore, StoredEntry, StoredCheckpoint, StoredCosignature } from './ports.js';
export { rootAt, inclusionProofFrom, consistencyProofFrom, type InclusionProof, type ConsistencyProof } from './proofs.js';
export {
  Ledger, type LedgerOptions, type CheckpointView, extendTree, storedRange,
  DEFAULT_BLOCK_MAX_ENTRIES, DEFAULT_BLOCK_INTERVAL_MS,
} from './ledger.js';
export { auditLedger, type AuditOptions, type AuditReport, type AuditFailure, type AuditFailureKind } from './audit.js';
export { ledgerError } from './errors.js';
export { RootAccumulator, indexLeaf } from './root-accumulator.js';
export {
  TLOG_PROOF_HEADER, type TlogProof, type TlogProofPolicy, type TlogProofCheck, type TlogProofVerdict, type TlogProofSource, type WitnessedBy,
  formatTlogProof, parseTlogProof, verifyTlogProof, buildTlogProof,
} from './tlog-proof.js';
