// RFC 8785 JSON Canonicalization Scheme (JCS). ECMAScript's JSON.stringify already serialises
// strings (§3.2.2.2) and numbers (§3.2.2.3) exactly as JCS requires, so what is left is the
// member order (§3.2.3: sorted by UTF-16 code units, which is Array#sort's default order)
// and refusing what JSON cannot carry faithfully.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonValue = Json;

const LONE_SURROGATE = /\p{Surrogate}/u;

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new RangeError(`${path}: lone surrogate in string`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => serialise(v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: only plain objects are canonicalised (convert Dates and the like first)`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const members: string[] = [];
      for (const key of keys) {
        if (LONE_SURROGATE.test(key)) throw new RangeError(`${path}: lone surrogate in key`);
        if (record[key] === undefined) throw new TypeError(`${path}.${key} is undefined`);
        members.push(`${JSON.stringify(key)}:${serialise(record[key], `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}

/** RFC 8785 canonical JSON text of a JSON value; throws TypeError/RangeError for non-JSON input. */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

/** RFC 8785 canonical JSON as UTF-8 bytes: exactly what is hashed and stored as leaf data. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
