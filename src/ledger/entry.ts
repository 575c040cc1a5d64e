// LEDGER.md §1: an entry is a JSON object whose RFC 8785 canonical UTF-8 bytes are the leaf data.
import { canonicalJsonBytes, type JsonValue } from './canonical-json.js';
import { ledgerError } from './errors.js';

export const ENTRY_FORMAT_VERSION = 1;

/**
 * The largest leaf data the platform writes, in bytes. A mirror sizes what it accepts from
 * this (a block is at most BLOCK_MAX_ENTRIES of these), so it is a protocol constant: raising
 * it means raising the tax node's body limit with it. 64 KiB holds about 150 invoice lines with
 * 100-character CJK item names (≈ 420 bytes a line, measured). Webhook validation still admits
 * 200 items of 200 characters (≈ 140 KB measured): such an event is refused with this error
 * rather than written, until the ingest limits keep every valid event under this size.
 */
export const MAX_ENTRY_BYTES = 64 * 1024;

export const ENTRY_TYPES = [
  'payment.succeeded', 'payment.refunded', 'invoice.applied', 'invoice.issued', 'invoice.reversed',
  'reimbursement.locked', 'reimbursement.unlocked', 'reimbursement.closed', 'tax.reported',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface LedgerEntry {
  readonly v: typeof ENTRY_FORMAT_VERSION;
  readonly type: EntryType;
  /** ISO-8601 UTC instant with milliseconds. */
  readonly at: string;
  readonly actor: { readonly role: string; readonly id: string };
  readonly subject: { readonly kind: string; readonly id: string };
  readonly data: { readonly [key: string]: JsonValue };
}

/**
 * Leaf data for an entry (LEDGER.md §1): canonical JSON bytes, version included. Throws
 * RangeError on a malformed entry (caller bug) and LEDGER.ENTRY_TOO_LARGE beyond MAX_ENTRY_BYTES.
 */
export function encodeEntry(entry: LedgerEntry): Uint8Array {
  if (entry.v !== ENTRY_FORMAT_VERSION) throw new RangeError(`entry version must be ${ENTRY_FORMAT_VERSION}`);
  if (!(ENTRY_TYPES as readonly string[]).includes(entry.type)) throw new RangeError(`unknown entry type ${entry.type}`);
  if (Number.isNaN(Date.parse(entry.at)) || new Date(entry.at).toISOString() !== entry.at) {
    throw new RangeError(`entry.at must be an ISO-8601 UTC instant, got ${entry.at}`);
  }
  const bytes = canonicalJsonBytes(entry);
  if (bytes.length > MAX_ENTRY_BYTES) {
    // expected input (a very long invoice), not a caller bug: a typed error the caller maps
    throw ledgerError('ENTRY_TOO_LARGE', `a ${entry.type} entry of ${bytes.length} bytes exceeds the ledger's limit of ${MAX_ENTRY_BYTES} bytes`, { type: entry.type, bytes: bytes.length, limit: MAX_ENTRY_BYTES });
  }
  return bytes;
}

/** Parses stored leaf data back into an entry (for replay); never re-serialise it to verify. */
export function decodeEntry(data: Uint8Array): LedgerEntry {
  const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as LedgerEntry;
  if (parsed.v !== ENTRY_FORMAT_VERSION) throw new RangeError(`unsupported entry version ${String(parsed.v)}`);
  return parsed;
}
