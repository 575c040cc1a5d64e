// A small strict schema language for ledger event data: each schema checks an untrusted value
// and returns a fresh copy holding exactly the declared members, so a decoded event carries
// nothing the schema does not name, and the TypeScript type of each event is inferred from
// the same schema the decoder runs (one definition, no cast between them).
import { DomainError } from '../domain/index.js';

/**
 * Checks `value` found at `path` (e.g. `$.data.lines[2].net`) and returns a clean copy. Mode
 * `decode` (untrusted leaf data) refuses members the schema does not declare; mode `construct`
 * (the constructors) leaves them out, so a field the domain adds later never changes v1 bytes.
 */
export type Schema<T> = (value: unknown, path: string, mode?: SchemaMode) => T;
export type SchemaMode = 'decode' | 'construct';
export type Infer<S> = S extends Schema<infer T> ? T : never;

/**
 * Stable codes of a refused entry (they survive process boundaries): the message names the
 * field path, `details.path` carries it.
 */
export const EVENT_ERROR_CODES = [
  'LEDGER_EVENT.MALFORMED', 'LEDGER_EVENT.UNSUPPORTED_VERSION', 'LEDGER_EVENT.UNKNOWN_TYPE', 'LEDGER_EVENT.MISSING_FIELD',
  'LEDGER_EVENT.EXTRA_FIELD', 'LEDGER_EVENT.WRONG_TYPE', 'LEDGER_EVENT.NOT_INTEGER', 'LEDGER_EVENT.BAD_VALUE',
] as const;
export type EventErrorCode = (typeof EVENT_ERROR_CODES)[number];

export function eventError(code: EventErrorCode, path: string, message: string): DomainError {
  return new DomainError(code, `${path}: ${message}`, { path });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'number' && !Number.isInteger(value) ? `the non-integer ${value}` : `a ${typeof value}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const str: Schema<string> = (value, path) => {
  if (typeof value !== 'string') throw eventError('LEDGER_EVENT.WRONG_TYPE', path, `expected a string, got ${describe(value)}`);
  return value;
};

/** A string matching `pattern` (what the pattern means is said in `what`). */
export const matching = (pattern: RegExp, what: string): Schema<string> => (value, path) => {
  const s = str(value, path);
  if (!pattern.test(s)) throw eventError('LEDGER_EVENT.BAD_VALUE', path, `expected ${what}, got ${JSON.stringify(s.slice(0, 40))}`);
  return s;
};

/** Amounts and counts: integers within the safe range (amounts are integer fen, LEDGER.md §1). */
export const int: Schema<number> = (value, path) => {
  if (typeof value !== 'number') throw eventError('LEDGER_EVENT.WRONG_TYPE', path, `expected an integer, got ${describe(value)}`);
  if (!Number.isSafeInteger(value)) throw eventError('LEDGER_EVENT.NOT_INTEGER', path, `expected an integer, got ${describe(value)}`);
  return value;
};

export const oneOf = <const T extends readonly string[]>(values: T): Schema<T[number]> => (value, path) => {
  const s = str(value, path);
  if (!(values as readonly string[]).includes(s)) throw eventError('LEDGER_EVENT.BAD_VALUE', path, `expected one of ${values.join(', ')}, got ${JSON.stringify(s.slice(0, 40))}`);
  return s as T[number];
};

export const literal = <const T extends string | number>(expected: T): Schema<T> => (value, path) => {
  if (value !== expected) {
    throw eventError(typeof value === typeof expected ? 'LEDGER_EVENT.BAD_VALUE' : 'LEDGER_EVENT.WRONG_TYPE', path, `expected ${JSON.stringify(expected)}, got ${describe(value)}`);
  }
  return expected;
};

/** Present, and either null or what `inner` accepts (v1 writes null, never omits the member). */
export const nullable = <T>(inner: Schema<T>): Schema<T | null> => (value, path, mode) => (value === null ? null : inner(value, path, mode));

export const array = <T>(item: Schema<T>): Schema<T[]> => (value, path, mode) => {
  if (!Array.isArray(value)) throw eventError('LEDGER_EVENT.WRONG_TYPE', path, `expected an array, got ${describe(value)}`);
  return value.map((v, i) => item(v, `${path}[${i}]`, mode));
};

type Shape = Record<string, Schema<unknown>>;
export type ObjectOf<S extends Shape> = { readonly [K in keyof S]: Infer<S[K]> };

/** An object with exactly these members: a missing member is refused, an extra one too (mode `decode`). */
export const object = <S extends Shape>(shape: S): Schema<ObjectOf<S>> => {
  const keys = Object.keys(shape);
  const schemas = keys.map((key) => shape[key] as Schema<unknown>);
  return (value, path, mode = 'decode') => {
    if (!isPlainObject(value)) throw eventError('LEDGER_EVENT.WRONG_TYPE', path, `expected an object, got ${describe(value)}`);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      if (!Object.hasOwn(value, key)) throw eventError('LEDGER_EVENT.MISSING_FIELD', `${path}.${key}`, 'missing');
      out[key] = (schemas[i] as Schema<unknown>)(value[key], `${path}.${key}`, mode);
    }
    // every declared member is present, so the same count means no other member
    if (mode === 'decode' && Object.keys(value).length !== keys.length) {
      const extra = Object.keys(value).find((key) => !Object.hasOwn(shape, key)) as string;
      throw eventError('LEDGER_EVENT.EXTRA_FIELD', `${path}.${extra}`, 'not a member of this entry type');
    }
    return out as ObjectOf<S>;
  };
};
