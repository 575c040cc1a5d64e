// Query depth, size and per-request field limits (a validation rule, so nothing executes when
// one is exceeded). The measuring is linear in the document (./operation-cost.ts); the text was
// already bounded in bytes, tokens and nesting before parsing (./source-gate.ts).
import { GraphQLError, Kind, type ASTNode, type ASTVisitor, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import { COUNT_CEILING, measureDocument, measureOperations, type OperationCost } from './operation-cost.js';

export const MAX_DEPTH = 10;
export const MAX_FIELDS = 300;
/**
 * Fragment definitions per document. graphql's OverlappingFieldsCanBeMergedRule compares
 * fragments pairwise, so its work grows with their square (150 side by side: 0.1–0.16 s,
 * measured); at 64 the worst we found stays at a few tens of milliseconds.
 */
export const MAX_FRAGMENTS = 64;

/**
 * Fields that run a whole job (a day's reconciliation, a period's tax report, a bill parsed
 * line by line, a report recomputed from the whole ledger copy). One table for both nodes:
 * each may appear at most once per request, whatever the aliases or fragments.
 */
export const JOB_FIELDS: Readonly<Record<string, string>> = {
  runReconciliation: 'reconciles a whole day', // platform
  fileTaxReport: 'sums a whole tax period', // platform
  uploadTradeBill: 'parses a whole trade bill', // platform
  verifyTaxReport: 'recomputes a tax report from the ledger copy', // tax node
};

/**
 * Fields an anonymous request (no Authorization header) may ask for at most this many times.
 * verifyInvoice is the public 查验: its rate limit counts requests, so one request carries one.
 */
export const ANONYMOUS_FIELD_LIMITS: Readonly<Record<string, number>> = {
  verifyInvoice: 1,
};

/** Every field name whose occurrences are counted per operation. */
export const TRACKED_FIELDS: readonly string[] = [...Object.keys(JOB_FIELDS), ...Object.keys(ANONYMOUS_FIELD_LIMITS)];

/** The cost of each operation of a document, with TRACKED_FIELDS counted. */
export function measure(document: DocumentNode): ReadonlyMap<OperationDefinitionNode, OperationCost> {
  return measureOperations(document, TRACKED_FIELDS);
}

function countText(n: number): string {
  return n >= COUNT_CEILING ? `at least ${COUNT_CEILING}` : String(n);
}

function limitError(message: string, detail: string, node: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', detail } });
}

/**
 * More than MAX_FRAGMENTS fragment definitions; every operation nested deeper than MAX_DEPTH, selecting more than MAX_FIELDS fields
 * (fragments counted each time they are spread) or asking a JOB_FIELDS field more than once.
 * Fragment definitions are held to the same limits (one that exceeds them would make any
 * operation spreading it exceed them too), so that nothing graphql's own rules later walk is
 * large: OverlappingFieldsCanBeMergedRule is quadratic (150 fragments of 5 fields: 0.8 s).
 * Linear in the document.
 */
export function limitErrors(document: DocumentNode): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const definitions = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).length;
  if (definitions > MAX_FRAGMENTS) {
    return [limitError(`the document defines ${definitions} fragments, more than the limit of ${MAX_FRAGMENTS}`, 'GRAPHQL.FRAGMENT_LIMIT', document)];
  }
  const { operations, fragments } = measureDocument(document, TRACKED_FIELDS);
  const check = (node: OperationDefinitionNode | FragmentDefinitionNode, cost: OperationCost): void => {
    const what = node.kind === Kind.FRAGMENT_DEFINITION ? `fragment ${node.name.value}` : 'query';
    if (cost.depth > MAX_DEPTH) {
      errors.push(limitError(`${what} depth ${cost.depth} exceeds the limit of ${MAX_DEPTH}`, 'GRAPHQL.DEPTH_LIMIT', node));
    }
    if (cost.fields > MAX_FIELDS) {
      errors.push(limitError(`${what} selects ${countText(cost.fields)} fields, more than the limit of ${MAX_FIELDS}`, 'GRAPHQL.SIZE_LIMIT', node));
    }
    for (const [name, why] of Object.entries(JOB_FIELDS)) {
      const n = cost.occurrences.get(name) ?? 0;
      if (n > 1) {
        errors.push(limitError(`${name} ${why} and may appear once per request; this ${node.kind === Kind.FRAGMENT_DEFINITION ? 'fragment' : 'operation'} asks for it ${countText(n)} times`, 'GRAPHQL.JOB_ONCE_PER_REQUEST', node));
      }
    }
  };
  for (const [operation, cost] of operations) check(operation, cost);
  for (const [fragment, cost] of fragments) check(fragment, cost);
  return errors;
}

/** limitErrors as a validation rule (the guard plugin also applies it before graphql's rules). */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  return {
    Document(document) {
      for (const error of limitErrors(document)) context.reportError(error);
      return false; // measured in one pass; nothing below needs this rule's visit
    },
  };
}
