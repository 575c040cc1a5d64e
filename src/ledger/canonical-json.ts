// RFC 8785 JSON Canonicalization Scheme (JCS). ECMAScript's JSON.stringify already serialises
// strings (§3.2.2.2) and numbers (§3.2.2.3) exactly as JCS requires, so what is left is the
// member order (§3.2.3: sorted by UTF-16 code units, which is Array#sort's default order)
// and refusing what JSON cannot carry faithfully. Written for speed: every write of the
// service encodes an entry, so the common cases skip JSON.stringify (measured in the commit).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonValue = Json;

const LONE_SURROGATE = /\p{Surrogate}/u;
// String.prototype.isWellFormed (ES2024) exists from Node 20; the regex is the fallback.
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

// JSON.stringify escapes only '"', '\\' and U+0000–U+001F: without them a string's JSON
// form is just "…", and building it directly is several times faster.
function quote(s: string): string {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return `"${s}"`;
}

// Entry keys repeat from one entry to the next; their quoted form is cached (bounded).
const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Thrown with the path to the offending value, computed only when something is wrong. */
class CanonicalJsonError {
  constructor(readonly make: (path: string) => Error, readonly keys: Array<string | number>) {}
}

function fail(make: (path: string) => Error): never {
  throw new CanonicalJsonError(make, []);
}

function serialise(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(value)) return Object.is(value, -0) ? '0' : String(value);
      if (!Number.isFinite(value)) fail((p) => new RangeError(`${p}: ${value} has no JSON form`));
      return JSON.stringify(value);
    case 'string':
      if (!isWellFormed(value)) fail((p) => new RangeError(`${p}: lone surrogate in string`));
      return quote(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          if (i > 0) out += ',';
          out += within(i, value[i]);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        fail((p) => new TypeError(`${p}: only plain objects are canonicalised (convert Dates and the like first)`));
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        if (!isWellFormed(key)) fail((p) => new RangeError(`${p}: lone surrogate in key`));
        const member = record[key];
        if (member === undefined) fail((p) => new TypeError(`${p}.${key} is undefined`));
        if (i > 0) out += ',';
        out += `${quoteKey(key)}:${within(key, member)}`;
      }
      return `${out}}`;
    }
    default:
      return fail((p) => new TypeError(`${p}: a ${typeof value} has no JSON form`));
  }
}

/** Serialises a child, recording its key on the way out if it failed. */
function within(key: string | number, value: unknown): string {
  try {
    return serialise(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) error.keys.unshift(key);
    throw error;
  }
}

/** RFC 8785 canonical JSON text of a JSON value; throws TypeError/RangeError for non-JSON input. */
export function canonicalJson(value: unknown): string {
  try {
    return serialise(value);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    const path = error.keys.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${k}`), '$');
    throw error.make(path);
  }
}

/** RFC 8785 canonical JSON as UTF-8 bytes: exactly what is hashed and stored as leaf data. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
