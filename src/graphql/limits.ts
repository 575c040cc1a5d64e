// Query depth and size limits (validation rules, so nothing executes when one is exceeded).
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const MAX_DEPTH = 10;
export const MAX_FIELDS = 300;

function measure(
  set: SelectionSetNode | undefined,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  depth: number,
  seen: Set<string>,
): { depth: number; fields: number } {
  if (!set) return { depth, fields: 0 };
  let maxDepth = depth;
  let fields = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      fields += 1;
      const inner = measure(selection.selectionSet, fragments, depth + 1, seen);
      maxDepth = Math.max(maxDepth, inner.depth);
      fields += inner.fields;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, fragments, depth, seen);
      maxDepth = Math.max(maxDepth, inner.depth);
      fields += inner.fields;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue; // cycles are reported by graphql's own NoFragmentCycles rule
      const fragment = fragments[name];
      const inner = measure(fragment?.selectionSet, fragments, depth, new Set([...seen, name]));
      maxDepth = Math.max(maxDepth, inner.depth);
      fields += inner.fields;
    }
  }
  return { depth: maxDepth, fields };
}

/** Refuses operations nested deeper than MAX_DEPTH or selecting more than MAX_FIELDS fields. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return {
    OperationDefinition(node) {
      const { depth, fields } = measure(node.selectionSet, fragments, 0, new Set());
      if (depth > MAX_DEPTH) {
        context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${MAX_DEPTH}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', detail: 'GRAPHQL.DEPTH_LIMIT' } }));
      }
      if (fields > MAX_FIELDS) {
        context.reportError(new GraphQLError(`query selects ${fields} fields, more than the limit of ${MAX_FIELDS}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', detail: 'GRAPHQL.SIZE_LIMIT' } }));
      }
    },
  };
}
