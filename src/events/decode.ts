// The one strict decoder of ledger entries (LEDGER.md §1): leaf data → a typed LedgerEvent.
// Leaf data are the UTF-8 bytes of the entry in RFC 8785 canonical JSON; decoding never
// re-serialises them for verification (the stored bytes are what was hashed). Whatever is
// not exactly a v1 entry is refused with a DomainError whose stable code says what is wrong
// (schema.ts: LEDGER_EVENT.*) and whose message names the field path.
import { eventError, literal, object, str, type Schema } from './schema.js';
import {
  DATA_SCHEMAS, ENVELOPE_SCHEMAS, LEDGER_EVENT_TYPES, LEDGER_EVENT_VERSION, SUBJECT_KINDS, type LedgerEvent, type LedgerEventType,
} from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw eventError('LEDGER_EVENT.MALFORMED', '$', 'the leaf data are not UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw eventError('LEDGER_EVENT.MALFORMED', '$', 'the leaf data are not JSON');
  }
}

/** invoice.issued: the kind picks the shape (a red invoice names the blue one it reverses). */
const invoiceIssuedData: Schema<unknown> = (data, path) =>
  typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'RED'
    ? DATA_SCHEMAS['invoice.issued.RED'](data, path)
    : DATA_SCHEMAS['invoice.issued.BLUE'](data, path);

/**
 * Decodes one ledger entry, from its leaf bytes or an already parsed value. Throws a
 * DomainError `LEDGER_EVENT.*` (never anything else) for input that is not a v1 entry: not
 * UTF-8 JSON, another version, an unknown type, a missing or extra member at any depth, a
 * member of the wrong type, an amount that is not an integer.
 */
export function decodeLedgerEvent(input: Uint8Array | unknown): LedgerEvent {
  const value = input instanceof Uint8Array ? parseBytes(input) : input;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw eventError('LEDGER_EVENT.MALFORMED', '$', 'an entry is a JSON object');
  const v = (value as { v?: unknown }).v;
  if (!Object.hasOwn(value, 'v')) throw eventError('LEDGER_EVENT.MISSING_FIELD', '$.v', 'missing');
  if (v !== LEDGER_EVENT_VERSION) throw eventError('LEDGER_EVENT.UNSUPPORTED_VERSION', '$.v', `version ${JSON.stringify(v)} is not ${LEDGER_EVENT_VERSION}`);
  if (!Object.hasOwn(value, 'type')) throw eventError('LEDGER_EVENT.MISSING_FIELD', '$.type', 'missing');
  const type = str((value as { type?: unknown }).type, '$.type');
  if (!(LEDGER_EVENT_TYPES as readonly string[]).includes(type)) throw eventError('LEDGER_EVENT.UNKNOWN_TYPE', '$.type', `unknown entry type ${JSON.stringify(type.slice(0, 40))}`);
  const known = type as LedgerEventType;
  const envelope = object({
    v: literal(LEDGER_EVENT_VERSION),
    type: literal(known),
    at: ENVELOPE_SCHEMAS.instant,
    actor: ENVELOPE_SCHEMAS.actor,
    subject: object({ kind: literal(SUBJECT_KINDS[known]), id: str }),
    data: known === 'invoice.issued' ? invoiceIssuedData : DATA_SCHEMAS[known],
  });
  return envelope(value, '$') as LedgerEvent;
}

/** Like decodeLedgerEvent, but returns null instead of throwing (for untrusted input). */
export function tryDecodeLedgerEvent(input: Uint8Array | unknown): LedgerEvent | null {
  try {
    return decodeLedgerEvent(input);
  } catch {
    return null;
  }
}
