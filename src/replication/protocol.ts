// The replication protocol between a platform and the tax node (LEDGER.md §6), in domain
// terms, shared by both sides: the tax node's acceptBlock (src/witness) answers a
// BlockSubmission with a BlockOutcome, and the platform reaches the node through the
// TaxNodeClient port. How these travel (JSON bodies, HTTP statuses) is the adapters' business:
// src/http/tax-node-protocol.ts, used by the node's routes and by the HTTP client alike.

export interface BlockSubmission {
  readonly origin: string;
  /** The platform's signed checkpoint note for the block's end. */
  readonly checkpoint: string;
  /** Index of the first new entry. */
  readonly firstIndex: number;
  readonly leaves: readonly Uint8Array[];
}

/** Why a block was refused: the first five leave no row (nothing the log signed is shown). */
export const REFUSAL_REASONS = [
  'UNKNOWN_ORIGIN', 'UNKNOWN_KEY', 'BAD_SIGNATURE', 'MALFORMED', 'WRONG_COUNT',
  'FORK', 'ROOT_MISMATCH', 'LEAF_MISMATCH',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * What the tax node made of a block:
 * - accepted: stored (or already held) and cosigned at `size`;
 * - behind: the block does not start where the node stands; it holds `size` entries, resend from there;
 * - refused: the block is wrong (`reason`), kept as evidence when it is signed proof of a problem.
 */
export type BlockOutcome =
  | { readonly kind: 'accepted'; readonly size: number; readonly cosignature: string; readonly duplicate: boolean }
  | { readonly kind: 'behind'; readonly size: number }
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly message: string; readonly evidenceId: string | null };

/** What the node holds of a followed ledger, asked at a size (reconciliation check 6). */
export interface HeldStatus {
  /** How many entries the node holds. */
  readonly held: number;
  /** The node's root at the asked size; null when it holds fewer entries. */
  readonly root: Uint8Array | null;
  readonly cosigned: boolean;
}

/**
 * The platform's view of the tax node. Implementations throw a DomainError `TAX_NODE.*` when
 * the node cannot be asked or gives no answer of the protocol: `TAX_NODE.UNREACHABLE`,
 * `TAX_NODE.TIMEOUT`, `TAX_NODE.BAD_ANSWER` (not the protocol's JSON) or `TAX_NODE.UNAVAILABLE`
 * (it answered, but not with an outcome: busy, rate limited, body refused, internal error).
 */
export interface TaxNodeClient {
  pushBlock(block: BlockSubmission): Promise<BlockOutcome>;
  status(origin: string, size: number): Promise<HeldStatus>;
}
