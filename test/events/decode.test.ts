// The strict decoder refuses whatever is not exactly a v1 entry, with a stable code and the
// path of the offending member, and never fails any other way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { isDomainError } from '../../src/domain/index.js';
import { decodeLedgerEvent, EVENT_ERROR_CODES, tryDecodeLedgerEvent } from '../../src/events/index.js';
import { V1_LEAVES } from '../support/ledger-v1.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const ENTRIES: Json[] = V1_LEAVES.map((l) => JSON.parse(Buffer.from(l).toString('utf8')) as Json);

/** Every member of an entry, at any depth: its path (as the decoder names it), parent and key. */
interface Member { path: string; parent: Json[] | { [key: string]: Json }; key: string | number; value: Json }
function membersOf(value: Json, path = '$'): Member[] {
  const out: Member[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ path: `${path}[${i}]`, parent: value, key: i, value: v });
      out.push(...membersOf(v, `${path}[${i}]`));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.${k}`, parent: value, key: k, value: v });
      out.push(...membersOf(v, `${path}.${k}`));
    }
  }
  return out;
}
const objectPaths = (value: Json, path = '$'): Array<{ path: string; object: { [key: string]: Json } }> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? [{ path, object: value }, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, `${path}.${k}`))]
    : Array.isArray(value) ? value.flatMap((v, i) => objectPaths(v, `${path}[${i}]`)) : [];

const kindOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const OTHER_TYPES: Json[] = [true, [], {}, 'x', 7];

function refusal(input: unknown): { code: string; path: unknown } {
  try {
    decodeLedgerEvent(input);
  } catch (error) {
    assert.ok(isDomainError(error), `a DomainError, not ${String(error)}`);
    assert.ok((EVENT_ERROR_CODES as readonly string[]).includes(error.code), error.code);
    assert.ok(error.message.startsWith(`${String(error.details['path'])}: `), error.message);
    return { code: error.code, path: error.details['path'] };
  }
  assert.fail('decoded');
}

const clone = (i: number): Json => structuredClone(ENTRIES[i] as Json);
const entryIndex = fc.nat({ max: ENTRIES.length - 1 });
const SEED = { seed: 11_2026, numRuns: 400 };

test('a member dropped anywhere in a v1 entry is refused as MISSING_FIELD at its path', () => {
  fc.assert(fc.property(entryIndex, fc.nat(), (i, pick) => {
    const entry = clone(i);
    const members = membersOf(entry).filter((m) => !Array.isArray(m.parent));
    const m = members[pick % members.length] as Member;
    delete (m.parent as Record<string, Json>)[m.key as string];
    assert.deepEqual(refusal(entry), { code: 'LEDGER_EVENT.MISSING_FIELD', path: m.path });
  }), SEED);
});

test('an extra member on any object of a v1 entry is refused as EXTRA_FIELD at its path', () => {
  fc.assert(fc.property(entryIndex, fc.nat(), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), (i, pick, name, value) => {
    const entry = clone(i);
    const objects = objectPaths(entry);
    const o = objects[pick % objects.length] as { path: string; object: Record<string, Json> };
    fc.pre(!Object.hasOwn(o.object, name));
    o.object[name] = value as Json;
    assert.deepEqual(refusal(entry), { code: 'LEDGER_EVENT.EXTRA_FIELD', path: `${o.path}.${name}` });
  }), SEED);
});

test('a member of the wrong JSON type is refused (WRONG_TYPE at its path; a wrong version as UNSUPPORTED_VERSION)', () => {
  fc.assert(fc.property(entryIndex, fc.nat(), fc.nat(), (i, pick, other) => {
    const entry = clone(i);
    // a member v1 wrote as null may also hold a value (items, previous, confirmedBy, ...): not a wrong type
    const members = membersOf(entry).filter((m) => m.value !== null);
    const m = members[pick % members.length] as Member;
    const candidates = OTHER_TYPES.filter((v) => kindOf(v) !== kindOf(m.value));
    (m.parent as Record<string | number, Json>)[m.key] = structuredClone(candidates[other % candidates.length] as Json);
    const { code, path } = refusal(entry);
    if (m.path === '$.v') assert.equal(code, 'LEDGER_EVENT.UNSUPPORTED_VERSION');
    else assert.deepEqual({ code, path }, { code: 'LEDGER_EVENT.WRONG_TYPE', path: m.path });
  }), SEED);
});

test('an amount that is not an integer (or beyond the safe range) is refused as NOT_INTEGER at its path', () => {
  fc.assert(fc.property(entryIndex, fc.nat(), fc.constantFrom(0.5, -0.25, 1e-9, null), (i, pick, delta) => {
    const entry = clone(i);
    const numbers = membersOf(entry).filter((m) => typeof m.value === 'number' && m.path !== '$.v');
    fc.pre(numbers.length > 0);
    const m = numbers[pick % numbers.length] as Member;
    // null: one past the safe range, where integers stop being exact
    (m.parent as Record<string | number, Json>)[m.key] = delta === null ? 2 ** 53 : (m.value as number) + delta;
    assert.deepEqual(refusal(entry), { code: 'LEDGER_EVENT.NOT_INTEGER', path: m.path });
  }), SEED);
});

test('an unknown type, another version, a wrong subject kind or a bad enum value is refused with its own code', () => {
  const entry = (): Record<string, Json> => clone(0) as Record<string, Json>;
  assert.deepEqual(refusal({ ...entry(), type: 'payment.disputed' }), { code: 'LEDGER_EVENT.UNKNOWN_TYPE', path: '$.type' });
  assert.deepEqual(refusal({ ...entry(), v: 2 }), { code: 'LEDGER_EVENT.UNSUPPORTED_VERSION', path: '$.v' });
  assert.deepEqual(refusal({ ...entry(), subject: { kind: 'invoice', id: 'x' } }), { code: 'LEDGER_EVENT.BAD_VALUE', path: '$.subject.kind' });
  assert.deepEqual(refusal({ ...entry(), actor: { role: 'ROBOT', id: 'x' } }), { code: 'LEDGER_EVENT.BAD_VALUE', path: '$.actor.role' });
  assert.deepEqual(refusal({ ...entry(), at: '2026-02-30T00:00:00.000Z' }), { code: 'LEDGER_EVENT.BAD_VALUE', path: '$.at' });
  const red = ENTRIES.find((e) => JSON.stringify(e).includes('"kind":"RED"')) as Record<string, Json>;
  const data = red['data'] as Record<string, Json>;
  assert.deepEqual(refusal({ ...red, data: { ...data, reason: 'BORED' } }), { code: 'LEDGER_EVENT.BAD_VALUE', path: '$.data.reason' });
  assert.deepEqual(refusal({ ...red, data: { ...data, kind: 'GREEN' } }), { code: 'LEDGER_EVENT.BAD_VALUE', path: '$.data.kind' });
});

test('bytes that are not UTF-8 JSON objects are refused as MALFORMED, never thrown any other way', () => {
  for (const bytes of [new Uint8Array([0xff, 0xfe]), new TextEncoder().encode('{"v":1,'), new TextEncoder().encode('[1]'), new TextEncoder().encode('null')]) {
    assert.equal(refusal(bytes).code, 'LEDGER_EVENT.MALFORMED');
  }
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
    assert.equal(tryDecodeLedgerEvent(bytes), null);
  }), SEED);
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    assert.ok(refusal(value).code.startsWith('LEDGER_EVENT.'));
  }), SEED);
});
