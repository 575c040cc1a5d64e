// How large a replicated block can legitimately be, computed from the protocol's constants so
// the tax node's body limit follows them: BLOCK_MAX_ENTRIES leaves of at most MAX_ENTRY_BYTES,
// each base64 in a JSON string, plus the signed checkpoint and the envelope.
import { MAX_ENTRY_BYTES } from '../ledger/index.js';

/**
 * The longest checkpoint note accepted, in characters: origin, size and root lines plus
 * signature lines (a note signed by the log and a few witnesses is well under 1 KiB).
 */
export const MAX_CHECKPOINT_NOTE_CHARS = 8 * 1024;

/** Bytes of one leaf in the body: base64 of MAX_ENTRY_BYTES, its quotes and a comma. */
export const MAX_LEAF_BODY_BYTES = 4 * Math.ceil(MAX_ENTRY_BYTES / 3) + 3;

/**
 * The largest JSON body of a legitimate block of up to `maxBlockEntries` leaves:
 * `{"origin":…,"checkpoint":…,"firstIndex":…,"leaves":[…]}`. Origin and checkpoint are
 * counted at 6 bytes a character (JSON's worst-case `\uXXXX` escape).
 */
export function maxBlockBodyBytes(maxBlockEntries: number): number {
  if (!Number.isSafeInteger(maxBlockEntries) || maxBlockEntries < 1) throw new RangeError(`maxBlockEntries must be a positive integer, got ${maxBlockEntries}`);
  const envelope = 128; // keys, braces, firstIndex (≤ 16 digits)
  return envelope + 2 * 6 * MAX_CHECKPOINT_NOTE_CHARS + maxBlockEntries * MAX_LEAF_BODY_BYTES;
}
