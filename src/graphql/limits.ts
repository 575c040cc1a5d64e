// Query depth, size and per-request field limits (a validation rule, so nothing executes when
// one is exceeded). The measuring is linear in the document (./operation-cost.ts); the text was
// already bounded in bytes, tokens and nesting before parsing (./source-gate.ts).
import { GraphQLError, type ASTVisitor, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import { COUNT_CEILING, measureOperations, type OperationCost } from './operation-cost.js';

export const MAX_DEPTH = 10;
export const MAX_FIELDS = 300;

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
export function measure(document: Parameters<typeof measureOperations>[0]): Map<OperationDefinitionNode, OperationCost> {
  return measureOperations(document, TRACKED_FIELDS);
}

function countText(n: number): string {
  return n >= COUNT_CEILING ? `at least ${COUNT_CEILING}` : String(n);
}

function limitError(message: string, detail: string, node: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', detail } });
}

/**
 * Refuses operations nested deeper than MAX_DEPTH, selecting more than MAX_FIELDS fields
 * (fragments counted each time they are spread), or asking a JOB_FIELDS field more than once.
 */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  return {
    Document(document) {
      for (const [operation, cost] of measure(document)) {
        if (cost.depth > MAX_DEPTH) {
          context.reportError(limitError(`query depth ${cost.depth} exceeds the limit of ${MAX_DEPTH}`, 'GRAPHQL.DEPTH_LIMIT', operation));
        }
        if (cost.fields > MAX_FIELDS) {
          context.reportError(limitError(`query selects ${countText(cost.fields)} fields, more than the limit of ${MAX_FIELDS}`, 'GRAPHQL.SIZE_LIMIT', operation));
        }
        for (const [name, why] of Object.entries(JOB_FIELDS)) {
          const n = cost.occurrences.get(name) ?? 0;
          if (n > 1) {
            context.reportError(limitError(`${name} ${why} and may appear once per request; this operation asks for it ${countText(n)} times`, 'GRAPHQL.JOB_ONCE_PER_REQUEST', operation));
          }
        }
      }
      return false; // measured in one pass; nothing below needs this rule's visit
    },
  };
}
