// measureDocument (linear, memoised, iterative) against a reference that expands every
// fragment spread by plain recursion, as the old limits rule did: same depth, same field
// count, same occurrences, same introspection flag, on random small documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../support/fast-check.js';
import { parse, type FragmentDefinitionNode } from 'graphql';
import { measureDocument } from '../../src/graphql/operation-cost.js';

type Sel =
  | { kind: 'field'; name: string; alias: string | null; sub: Sel[] | null }
  | { kind: 'inline'; sub: Sel[] }
  | { kind: 'spread'; target: number };

const NAMES = ['a', 'b', 'verifyInvoice', 'runReconciliation', '__schema', '__typename'];
const TRACKED = ['verifyInvoice', 'runReconciliation'];

const { selections } = fc.letrec<{ selections: Sel[]; selection: Sel }>((tie) => ({
  selections: fc.array(tie('selection'), { minLength: 1, maxLength: 3 }),
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('field' as const), name: fc.constantFrom(...NAMES), alias: fc.option(fc.constantFrom('x', 'y')), sub: fc.constant(null) }),
    fc.record({ kind: fc.constant('field' as const), name: fc.constantFrom(...NAMES), alias: fc.option(fc.constantFrom('x', 'y')), sub: tie('selections') as fc.Arbitrary<Sel[]> }),
    fc.record({ kind: fc.constant('inline' as const), sub: tie('selections') as fc.Arbitrary<Sel[]> }),
    fc.record({ kind: fc.constant('spread' as const), target: fc.nat() }),
  ),
}));

/** Fragment i may spread only fragments below i (no cycles); the operation any of them. */
function resolve(sel: Sel, below: number): Sel {
  if (sel.kind !== 'spread') return sel;
  return below === 0 ? { kind: 'field', name: 'a', alias: null, sub: null } : { kind: 'spread', target: sel.target % below };
}

function print(sels: Sel[], below: number): string {
  return `{ ${sels.map((raw) => {
    const s = resolve(raw, below);
    if (s.kind === 'spread') return `...F${s.target}`;
    if (s.kind === 'inline') return `... ${print(s.sub, below)}`;
    return `${s.alias ? `${s.alias}: ` : ''}${s.name}${s.sub ? ` ${print(s.sub, below)}` : ''}`;
  }).join(' ')} }`;
}

interface Ref { depth: number; fields: number; counts: number[]; introspects: boolean }

function reference(sels: Sel[], below: number, fragments: Sel[][]): Ref {
  const r: Ref = { depth: 0, fields: 0, counts: TRACKED.map(() => 0), introspects: false };
  const merge = (inner: Ref, extraDepth: number): void => {
    r.depth = Math.max(r.depth, inner.depth + extraDepth);
    r.fields += inner.fields;
    inner.counts.forEach((c, i) => { r.counts[i] = (r.counts[i] as number) + c; });
    r.introspects ||= inner.introspects;
  };
  for (const raw of sels) {
    const s = resolve(raw, below);
    if (s.kind === 'spread') merge(reference(fragments[s.target] as Sel[], s.target, fragments), 0);
    else if (s.kind === 'inline') merge(reference(s.sub, below, fragments), 0);
    else {
      r.fields += 1;
      r.depth = Math.max(r.depth, 1);
      const slot = TRACKED.indexOf(s.name);
      if (slot >= 0) r.counts[slot] = (r.counts[slot] as number) + 1;
      if (s.name === '__schema') r.introspects = true;
      if (s.sub) merge(reference(s.sub, below, fragments), 1);
    }
  }
  return r;
}

test('measureDocument agrees with expanding every spread by recursion (seeded property)', () => {
  fc.assert(
    fc.property(fc.array(selections, { minLength: 0, maxLength: 5 }), selections, (fragments, operation) => {
      const text = [`query ${print(operation, fragments.length)}`, ...fragments.map((f, i) => `fragment F${i} on Query ${print(f, i)}`)].join('\n');
      const measured = measureDocument(parse(text), TRACKED);
      const [cost] = [...measured.operations.values()];
      const expected = reference(operation, fragments.length, fragments);
      assert.ok(cost);
      assert.deepEqual(
        { depth: cost.depth, fields: cost.fields, counts: TRACKED.map((n) => cost.occurrences.get(n)), introspects: cost.introspects },
        expected,
        text,
      );
      for (const [definition, fragmentCost] of measured.fragments) {
        const i = Number((definition as FragmentDefinitionNode).name.value.slice(1));
        assert.equal(fragmentCost.fields, reference(fragments[i] as Sel[], i, fragments).fields, text);
      }
    }),
    { seed: 20261122, numRuns: 300 },
  );
});

test('measureDocument: doubling fragments saturate instead of overflowing; cycles and unknown fragments count as nothing', () => {
  let doubling = 'query { ...F200 } fragment F0 on Query { verifyInvoice }';
  for (let i = 1; i <= 200; i += 1) doubling += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
  const [cost] = [...measureDocument(parse(doubling), ['verifyInvoice']).operations.values()];
  assert.equal(cost?.fields, 1_000_000_000);
  assert.equal(cost?.occurrences.get('verifyInvoice'), 1_000_000_000);

  const cyclic = parse('query { ...A ...Nope } fragment A on Query { a ...B } fragment B on Query { b ...A }');
  const [c] = [...measureDocument(cyclic).operations.values()];
  assert.equal(c?.fields, 2); // a, then b; the spread back into A is the cycle graphql reports
  assert.equal(c?.depth, 1);

  // nesting far beyond what the source gate lets through: no recursion, no stack overflow
  const deep = `{${'a{'.repeat(900)}b${'}'.repeat(901)}`;
  const [d] = [...measureDocument(parse(deep)).operations.values()];
  assert.equal(d?.depth, 901);
});
