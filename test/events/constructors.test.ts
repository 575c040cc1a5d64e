// The constructors write exactly the v1 bytes: every entry of the frozen v1 ledger, rebuilt
// through its type's constructor and encoded (RFC 8785), gives back the stored leaf bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import {
  decodeLedgerEvent, encodeLedgerEvent, invoiceApplied, invoiceIssued, invoiceReversed, paymentRefunded, paymentSucceeded, reimbursementClosed,
  reimbursementLocked, reimbursementUnlocked, taxReported, type EventInput, type LedgerEvent, type LedgerEventType,
} from '../../src/events/index.js';
import { V1_LEAVES } from '../support/ledger-v1.js';

type AnyConstructor = (input: EventInput<never>) => LedgerEvent;
const CONSTRUCTORS: Record<LedgerEventType, AnyConstructor> = {
  'payment.succeeded': paymentSucceeded as AnyConstructor,
  'payment.refunded': paymentRefunded as AnyConstructor,
  'invoice.applied': invoiceApplied as AnyConstructor,
  'invoice.issued': invoiceIssued as AnyConstructor,
  'invoice.reversed': invoiceReversed as AnyConstructor,
  'reimbursement.locked': reimbursementLocked as AnyConstructor,
  'reimbursement.unlocked': reimbursementUnlocked as AnyConstructor,
  'reimbursement.closed': reimbursementClosed as AnyConstructor,
  'tax.reported': taxReported as AnyConstructor,
};

const construct = (event: LedgerEvent): LedgerEvent =>
  CONSTRUCTORS[event.type]({ at: event.at, actor: event.actor, subjectId: event.subject.id, data: event.data as never });

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

test('every v1 entry, decoded and encoded again, is byte for byte its stored leaf', () => {
  V1_LEAVES.forEach((leaf, i) => assert.ok(equalBytes(encodeLedgerEvent(decodeLedgerEvent(leaf)), leaf), `entry ${i}`));
});

test('every v1 entry, rebuilt by its type\'s constructor, encodes to exactly its stored leaf bytes (v: 1 included)', () => {
  V1_LEAVES.forEach((leaf, i) => {
    const event = construct(decodeLedgerEvent(leaf));
    assert.equal(event.v, 1);
    assert.ok(equalBytes(encodeLedgerEvent(event), leaf), `entry ${i} (${event.type}): ${Buffer.from(encodeLedgerEvent(event)).toString('utf8')}`);
  });
});

test('a constructor keeps only the declared members: a field the domain adds later never reaches the ledger', () => {
  const issued = decodeLedgerEvent(V1_LEAVES.find((l) => decodeLedgerEvent(l).type === 'invoice.issued') as Uint8Array);
  assert.equal(issued.type, 'invoice.issued');
  if (issued.type !== 'invoice.issued') return;
  const lines = issued.data.lines.map((l) => ({ ...l, email: 'not@ledger.example' }));
  const event = invoiceIssued({ at: issued.at, actor: issued.actor, subjectId: issued.subject.id, data: { ...issued.data, lines } });
  assert.deepEqual(event, issued);
});

test('a constructor refuses, as a caller bug (TypeError), what the decoder would refuse', () => {
  const at = '2026-11-21T02:00:00.000Z';
  const data = { merchantId: 'm', eventId: 'e', refund: 'r', providerRefundId: 'p', amount: 12.5, refundedTotal: 100 };
  assert.throws(() => paymentRefunded({ at, actor: { role: 'PAYMENT_PROVIDER', id: 'm' }, subjectId: 'pay', data }), (e: Error) => e instanceof TypeError && /\$\.data\.amount/u.test(e.message));
  assert.throws(() => paymentRefunded({ at, actor: { role: 'ROBOT', id: 'm' }, subjectId: 'pay', data: { ...data, amount: 12 } }), TypeError);
  assert.throws(() => paymentRefunded({ at: '2026-11-21 02:00', actor: { role: 'SYSTEM', id: 'm' }, subjectId: 'pay', data: { ...data, amount: 12 } }), TypeError);
});

// Round trip with other values: free-text members and amounts of the v1 entries replaced by
// generated ones (members whose values the schema constrains keep theirs).
const CONSTRAINED = new Set(['at', 'issueDate', 'from', 'to', 'quantity', 'taxRate', 'rate', 'kind', 'type', 'role', 'currency', 'reason', 'v']);
function vary(value: unknown, key: string, pools: { strings: string[]; ints: number[] }, cursor: { n: number }): unknown {
  const pick = <T>(pool: T[]): T => pool[cursor.n++ % pool.length] as T;
  if (Array.isArray(value)) return value.map((v) => vary(v, key, pools, cursor));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, vary(v, k, pools, cursor)]));
  if (typeof value === 'string' && !CONSTRAINED.has(key)) return pick(pools.strings);
  if (typeof value === 'number' && key !== 'v') return pick(pools.ints);
  return value;
}

test('round trip: constructor → encode → decode gives the same event, for generated values (seeded)', () => {
  const originals = V1_LEAVES.map((l) => decodeLedgerEvent(l));
  fc.assert(
    fc.property(
      fc.nat({ max: originals.length - 1 }),
      fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), { minLength: 1, maxLength: 20 }),
      (i, strings, ints) => {
        const original = originals[i] as LedgerEvent;
        const varied = vary({ actor: original.actor, subjectId: original.subject.id, data: original.data }, '', { strings, ints }, { n: 0 }) as Omit<EventInput<never>, 'at'>;
        const event = CONSTRUCTORS[original.type]({ ...varied, at: original.at });
        const bytes = encodeLedgerEvent(event);
        const back = decodeLedgerEvent(bytes);
        assert.deepEqual(back, event);
        assert.ok(equalBytes(encodeLedgerEvent(back), bytes));
      },
    ),
    { seed: 20261121, numRuns: 300 },
  );
});
