// LEDGER.md §1: an entry is a JSON object whose RFC 8785 canonical UTF-8 bytes are the leaf data.
import { canonicalJsonBytes, type JsonValue } from './canonical-json.js';

export const ENTRY_FORMAT_VERSION = 1;

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

/** Leaf data for an entry (LEDGER.md §1): canonical JSON bytes, version included. */
export function encodeEntry(entry: LedgerEntry): Uint8Array {
  if (entry.v !== ENTRY_FORMAT_VERSION) throw new RangeError(`entry version must be ${ENTRY_FORMAT_VERSION}`);
  if (!(ENTRY_TYPES as readonly string[]).includes(entry.type)) throw new RangeError(`unknown entry type ${entry.type}`);
  if (Number.isNaN(Date.parse(entry.at)) || new Date(entry.at).toISOString() !== entry.at) {
    throw new RangeError(`entry.at must be an ISO-8601 UTC instant, got ${entry.at}`);
  }
  return canonicalJsonBytes(entry);
}

/** Parses stored leaf data back into an entry (for replay); never re-serialise it to verify. */
export function decodeEntry(data: Uint8Array): LedgerEntry {
  const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as LedgerEntry;
  if (parsed.v !== ENTRY_FORMAT_VERSION) throw new RangeError(`unsupported entry version ${String(parsed.v)}`);
  return parsed;
}
