// What an operation would cost to run, measured in time linear in the document's size.
//
// A fragment spread twice is not walked twice: each fragment's cost (depth, field count, how
// often each tracked field occurs, whether it introspects) is computed once, in dependency
// order, and a spread adds the fragment's cost. `F1 … Fn` where Fi spreads F(i-1) twice is
// then O(n) work, although it stands for 2^n fields (the counts saturate). Every walk keeps its
// own stack, so a deeply nested document cannot overflow the JavaScript call stack; fragment
// cycles (reported by graphql's NoFragmentCyclesRule) count the repeated spread as nothing.
import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** Counts stop here: enough to compare with any limit, and never Infinity or imprecise. */
export const COUNT_CEILING = 1_000_000_000;

export interface OperationCost {
  /** Nested field levels: `{ a { b } }` is 2. */
  readonly depth: number;
  /** Fields selected, each fragment spread counted as often as it is spread (saturates at COUNT_CEILING). */
  readonly fields: number;
  /** Occurrences of each tracked field name (aliases and fragments included, saturating). */
  readonly occurrences: ReadonlyMap<string, number>;
  /** Selects __schema or __type (__typename is not introspection of the schema). */
  readonly introspects: boolean;
}

interface Tally {
  depth: number;
  fields: number;
  tracked: number[];
  introspects: boolean;
}

const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

function add(a: number, b: number): number {
  return Math.min(COUNT_CEILING, a + b);
}

function emptyTally(width: number): Tally {
  return { depth: 0, fields: 0, tracked: new Array<number>(width).fill(0), introspects: false };
}

/** Adds what an inline fragment or fragment spread selects: same level, so depth is not increased. */
function addSameLevel(into: Tally, inner: Tally): void {
  into.depth = Math.max(into.depth, inner.depth);
  into.fields = add(into.fields, inner.fields);
  for (let i = 0; i < into.tracked.length; i += 1) into.tracked[i] = add(into.tracked[i] as number, inner.tracked[i] as number);
  into.introspects ||= inner.introspects;
}

function addField(into: Tally, field: FieldNode, inner: Tally | null, trackedIndex: ReadonlyMap<string, number>): void {
  into.depth = Math.max(into.depth, 1 + (inner?.depth ?? 0));
  into.fields = add(into.fields, 1 + (inner?.fields ?? 0));
  if (inner) for (let i = 0; i < into.tracked.length; i += 1) into.tracked[i] = add(into.tracked[i] as number, inner.tracked[i] as number);
  const name = field.name.value;
  const slot = trackedIndex.get(name);
  if (slot !== undefined) into.tracked[slot] = add(into.tracked[slot] as number, 1);
  into.introspects ||= INTROSPECTION_FIELDS.has(name) || (inner?.introspects ?? false);
}

/**
 * The tally of one selection set, walked with an explicit stack. `fragmentTally` answers for a
 * spread (null: unknown, or part of a cycle, which costs nothing here).
 */
function tallySelectionSet(root: SelectionSetNode, width: number, trackedIndex: ReadonlyMap<string, number>, fragmentTally: (name: string) => Tally | null): Tally {
  interface Frame { readonly set: SelectionSetNode; next: number; readonly tally: Tally; readonly field: FieldNode | null }
  const stack: Frame[] = [{ set: root, next: 0, tally: emptyTally(width), field: null }];
  for (;;) {
    const top = stack[stack.length - 1] as Frame;
    const selection = top.set.selections[top.next];
    if (selection === undefined) {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) return top.tally;
      if (top.field) addField(parent.tally, top.field, top.tally, trackedIndex);
      else addSameLevel(parent.tally, top.tally);
      continue;
    }
    top.next += 1;
    if (selection.kind === Kind.FIELD) {
      if (selection.selectionSet) stack.push({ set: selection.selectionSet, next: 0, tally: emptyTally(width), field: selection });
      else addField(top.tally, selection, null, trackedIndex);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      stack.push({ set: selection.selectionSet, next: 0, tally: emptyTally(width), field: null });
    } else {
      const inner = fragmentTally(selection.name.value);
      if (inner) addSameLevel(top.tally, inner);
    }
  }
}

/** The names of the fragments a selection set spreads (directly or inside nested selections). */
function spreadNames(root: SelectionSetNode): string[] {
  const names: string[] = [];
  const sets: SelectionSetNode[] = [root];
  for (let set = sets.pop(); set; set = sets.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) names.push(selection.name.value);
      else if (selection.selectionSet) sets.push(selection.selectionSet);
    }
  }
  return names;
}

/** Fragments in an order where each comes after every fragment it spreads (cycles broken). */
function dependencyOrder(fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  for (const start of fragments.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ name: string; spreads: string[]; next: number }> = [];
    const open = (name: string): void => {
      state.set(name, 'open');
      stack.push({ name, spreads: spreadNames((fragments.get(name) as FragmentDefinitionNode).selectionSet), next: 0 });
    };
    open(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const child = top.spreads[top.next];
      if (child === undefined) {
        stack.pop();
        state.set(top.name, 'done');
        order.push(top.name);
        continue;
      }
      top.next += 1;
      if (fragments.has(child) && !state.has(child)) open(child);
    }
  }
  return order;
}

export interface DocumentCost {
  /** Each operation, with its fragments expanded. */
  readonly operations: ReadonlyMap<OperationDefinitionNode, OperationCost>;
  /** Each fragment definition (the first of a name), with the fragments it spreads expanded. */
  readonly fragments: ReadonlyMap<FragmentDefinitionNode, OperationCost>;
}

function toCost(t: Tally, tracked: readonly string[]): OperationCost {
  return { depth: t.depth, fields: t.fields, occurrences: new Map(tracked.map((name, i) => [name, t.tracked[i] as number])), introspects: t.introspects };
}

/**
 * The cost of every operation and fragment of a document. `tracked` names the fields whose
 * occurrences are counted (a short, fixed list: the work is O(document size × tracked.length)).
 */
export function measureDocument(document: DocumentNode, tracked: readonly string[] = []): DocumentCost {
  const trackedIndex = new Map(tracked.map((name, i) => [name, i] as const));
  const width = tracked.length;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
  }
  // a fragment not yet tallied when it is spread is part of a cycle: it counts as nothing there
  const tallies = new Map<string, Tally>();
  const lookup = (name: string): Tally | null => tallies.get(name) ?? null;
  const fragmentCosts = new Map<FragmentDefinitionNode, OperationCost>();
  for (const name of dependencyOrder(fragments)) {
    const fragment = fragments.get(name) as FragmentDefinitionNode;
    const tally = tallySelectionSet(fragment.selectionSet, width, trackedIndex, lookup);
    tallies.set(name, tally);
    fragmentCosts.set(fragment, toCost(tally, tracked));
  }
  const operations = new Map<OperationDefinitionNode, OperationCost>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    operations.set(definition, toCost(tallySelectionSet(definition.selectionSet, width, trackedIndex, lookup), tracked));
  }
  return { operations, fragments: fragmentCosts };
}

/** The cost of every operation of a document (see measureDocument). */
export function measureOperations(document: DocumentNode, tracked: readonly string[] = []): ReadonlyMap<OperationDefinitionNode, OperationCost> {
  return measureDocument(document, tracked).operations;
}
