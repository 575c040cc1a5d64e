// The replication protocol on the wire, one module for both ends: the tax node's routes
// (src/tax-node/app.ts) and the platform's client (src/http/tax-node-client.ts) read and
// write these bodies and map outcomes to and from HTTP statuses here, so the two cannot
// drift. The contexts see only src/replication/protocol.ts; no status code leaves this layer.
import { fromBase64, toBase64 } from '../ledger/index.js';
import { REFUSAL_REASONS, type BlockOutcome, type BlockSubmission, type HeldStatus, type RefusalReason } from '../replication/protocol.js';

export const BLOCKS_PATH = '/replication/blocks';
export const STATUS_PATH = '/replication/status';

/** POST /replication/blocks */
export interface BlockRequestBody {
  readonly origin: string;
  readonly checkpoint: string;
  readonly firstIndex: number;
  /** base64 of each entry's bytes */
  readonly leaves: readonly string[];
}

/** 200 */
export interface AcceptedBody { readonly size: number; readonly cosignature: string; readonly duplicate: boolean }
/** 409 */
export interface BehindBody { readonly size: number }
/** 422, and the transport's own refusals (400, 429, 503, 500) with their own reasons */
export interface RefusedBody { readonly reason: string; readonly message: string; readonly evidenceId?: string | null; readonly retryAfter?: number }

/** POST /replication/status */
export interface StatusRequestBody { readonly origin: string; readonly size: number }
export interface StatusResponseBody { readonly held: number; readonly root: string | null; readonly cosigned: boolean }

export function encodeBlockRequest(block: BlockSubmission): BlockRequestBody {
  return { origin: block.origin, checkpoint: block.checkpoint, firstIndex: block.firstIndex, leaves: block.leaves.map((l) => Buffer.from(l).toString('base64')) };
}

/** The block a request body carries, or null when it is not one. */
export function decodeBlockRequest(body: unknown): BlockSubmission | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b['origin'] !== 'string' || typeof b['checkpoint'] !== 'string' || !Number.isSafeInteger(b['firstIndex']) || (b['firstIndex'] as number) < 0) return null;
  if (!Array.isArray(b['leaves']) || !b['leaves'].every((l) => typeof l === 'string')) return null;
  return { origin: b['origin'], checkpoint: b['checkpoint'], firstIndex: b['firstIndex'] as number, leaves: (b['leaves'] as string[]).map((l) => new Uint8Array(Buffer.from(l, 'base64'))) };
}

/** The route's answer to an outcome: accepted 200, behind 409, refused 422. */
export function blockOutcomeToHttp(outcome: BlockOutcome): { status: 200; body: AcceptedBody } | { status: 409; body: BehindBody } | { status: 422; body: RefusedBody } {
  switch (outcome.kind) {
    case 'accepted':
      return { status: 200, body: { size: outcome.size, cosignature: outcome.cosignature, duplicate: outcome.duplicate } };
    case 'behind':
      return { status: 409, body: { size: outcome.size } };
    case 'refused':
      return { status: 422, body: { reason: outcome.reason, message: outcome.message, evidenceId: outcome.evidenceId } };
  }
}

const isRefusalReason = (value: unknown): value is RefusalReason => (REFUSAL_REASONS as readonly unknown[]).includes(value);

/**
 * The outcome an answer carries, or, when the answer is not an outcome (another status, or a
 * body not of the protocol), why not: the client turns that into a `TAX_NODE.*` error.
 */
export function blockOutcomeFromHttp(status: number, body: unknown): { outcome: BlockOutcome } | { problem: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (status === 200 && Number.isSafeInteger(b['size']) && typeof b['cosignature'] === 'string') {
    return { outcome: { kind: 'accepted', size: b['size'] as number, cosignature: b['cosignature'], duplicate: b['duplicate'] === true } };
  }
  if (status === 409 && Number.isSafeInteger(b['size']) && (b['size'] as number) >= 0) return { outcome: { kind: 'behind', size: b['size'] as number } };
  if (status === 422 && isRefusalReason(b['reason'])) {
    return { outcome: { kind: 'refused', reason: b['reason'], message: typeof b['message'] === 'string' ? b['message'] : '', evidenceId: typeof b['evidenceId'] === 'string' ? b['evidenceId'] : null } };
  }
  const reason = typeof b['reason'] === 'string' ? ` ${b['reason']}` : '';
  const message = typeof b['message'] === 'string' ? `: ${b['message']}` : '';
  return { problem: `tax node answered ${status}${reason}${message}` };
}

export function statusToHttp(status: HeldStatus): StatusResponseBody {
  return { held: status.held, root: status.root ? toBase64(status.root) : null, cosigned: status.cosigned };
}

/** The held status an answer carries, or null when it is not one. */
export function statusFromHttp(httpStatus: number, body: unknown): HeldStatus | null {
  if (httpStatus !== 200 || typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (!Number.isSafeInteger(b['held'])) return null;
  if (b['root'] !== null && typeof b['root'] !== 'string') return null;
  const root = typeof b['root'] === 'string' ? fromBase64(b['root']) : null;
  if (typeof b['root'] === 'string' && root === null) return null;
  return { held: b['held'] as number, root, cosigned: b['cosigned'] === true };
}
