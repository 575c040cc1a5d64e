// The one place that maps error codes to GraphQL `extensions.code`. Clients see a code from
// the fixed set, the domain code in `extensions.detail`, and a message meant for them; never
// a stack trace, SQL or an internal message.
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDomainError } from '../domain/index.js';

export const ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const EXACT: Readonly<Record<string, ErrorCode>> = {
  'ACCESS.UNAUTHENTICATED': 'UNAUTHENTICATED',
  'ACCESS.FORBIDDEN': 'FORBIDDEN',
  'INVOICE.BAD_APPLY_TOKEN': 'FORBIDDEN',
  'INVOICE.ALREADY_APPLIED': 'CONFLICT',
  // lifecycle transitions refused by the state machine
  'INVOICE.ALREADY_ISSUED': 'INVALID_STATE',
  'INVOICE.ALREADY_REVERSED': 'INVALID_STATE',
  'INVOICE.REVERSAL_PENDING': 'INVALID_STATE',
  'MERCHANT.EXISTS': 'CONFLICT',
  'REIMBURSEMENT.LOCKED': 'CONFLICT',
  'REIMBURSEMENT.CLOSED': 'CONFLICT',
  'REIMBURSEMENT.NOT_EMPLOYER': 'FORBIDDEN',
  'REIMBURSEMENT.RATE_LIMITED': 'RATE_LIMITED',
  'ACCESS.RATE_LIMITED': 'RATE_LIMITED',
  'RECONCILIATION.RATE_LIMITED': 'RATE_LIMITED',
  'TAX_REPORT.ALREADY_FILED': 'CONFLICT',
  'TAX_CODE.INVALID': 'BAD_USER_INPUT',
  'TAX_CODE.TOO_MANY': 'CONFLICT',
  'LEDGER.NO_SUCH_ENTRY': 'NOT_FOUND',
  'LEDGER.NO_SUCH_CHECKPOINT': 'NOT_FOUND',
  'LEDGER.OUT_OF_RANGE': 'BAD_USER_INPUT',
  'LEDGER.UNKNOWN_ORIGIN': 'NOT_FOUND',
  // a trade bill that does not parse is refused input (uploadTradeBill), naming its line
  'BILL.MALFORMED': 'BAD_USER_INPUT',
  // safety net: the webhook refuses payments whose invoice could not fit (payments/invoice-size.ts)
  'LEDGER.ENTRY_TOO_LARGE': 'BAD_USER_INPUT',
  'LEDGER.PROOF_MALFORMED': 'BAD_USER_INPUT',
  'LEDGER.NOT_COSIGNED': 'INVALID_STATE',
  'DOCUMENT.BAD_ENTRY': 'INVALID_STATE',
  'DOCUMENT.BAD_XML': 'BAD_USER_INPUT',
  'DOCUMENT.MERCHANT_MISMATCH': 'INVALID_STATE',
};

const BY_PREFIX: ReadonlyArray<[RegExp, ErrorCode]> = [
  [/\.NOT_FOUND$/u, 'NOT_FOUND'],
  [/^(MONEY|TAX|TAXPAYER_ID|INVOICE_NUMBER|MERCHANT|ACCESS|WEBHOOK|GRAPHQL|TEXT|TIME)\./u, 'BAD_USER_INPUT'],
  [/\.(BAD_[A-Z_]+|INVALID|INVALID_[A-Z_]+)$/u, 'BAD_USER_INPUT'],
  [/\.(ALREADY_[A-Z_]+|DUPLICATE[A-Z_]*)$/u, 'CONFLICT'],
];

/** Domain codes whose `details.field` is shown to the client as `extensions.field`. */
const FIELD_CODES = /^(TEXT|TIME)\./u;

/**
 * The argument path of a refused input: the domain names a field within its command
 * ("buyer.name"); when the mutation takes that command as its one argument (`input`), the
 * argument's name is put in front ("input.buyer.name"), so the path points into the request.
 */
function argumentPath(field: string, error: unknown): string {
  const node = error instanceof GraphQLError ? error.nodes?.[0] : undefined;
  if (node?.kind !== Kind.FIELD) return field;
  const names = (node.arguments ?? []).map((a) => a.name.value);
  const head = field.split(/[.[]/u)[0] ?? '';
  return names.length === 1 && !names.includes(head) ? `${names[0] as string}.${field}` : field;
}

/** The GraphQL code for a domain code: exact table, then patterns, then INVALID_STATE. */
export function graphqlCodeFor(domainCode: string): ErrorCode {
  const exact = EXACT[domainCode];
  if (exact) return exact;
  for (const [pattern, code] of BY_PREFIX) if (pattern.test(domainCode)) return code;
  return 'INVALID_STATE';
}

/** Errors raised by the GraphQL layer itself (arguments, configuration) with a domain-style detail. */
export function apiError(code: ErrorCode, message: string, detail?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(detail ? { detail } : {}) } });
}

const APOLLO_TO_OURS: Readonly<Record<string, ErrorCode>> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
};

/** Apollo `formatError`: every error leaves with a code from ERROR_CODES. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (isDomainError(original)) {
    // the text policy's and the calendar's refusals name the argument path (e.g.
    // "input.buyer.name"), so a client can point at the field; a throttled caller is told when
    // to come back (the only details that leave the server)
    const field = FIELD_CODES.test(original.code) ? original.details['field'] : undefined;
    const retry = original.details['retryAfterSeconds'];
    return {
      ...base,
      message: original.message,
      extensions: {
        code: graphqlCodeFor(original.code),
        detail: original.code,
        ...(typeof field === 'string' ? { field: argumentPath(field, error) } : {}),
        ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : {}),
      },
    };
  }
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const detail = formatted.extensions?.['detail'];
    const retry = formatted.extensions?.['retryAfterSeconds'];
    return { ...base, extensions: { code, ...(typeof detail === 'string' ? { detail } : {}), ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : {}) } };
  }
  if (typeof code === 'string' && APOLLO_TO_OURS[code]) {
    // a validation rule of ours gives its own detail (GRAPHQL.DEPTH_LIMIT …); Apollo replaced only the code
    const detail = formatted.extensions?.['detail'];
    // parse() can fail with something other than a syntax error (a RangeError from recursion
    // was seen before the source gate): its message is not for the client
    const message = code === 'GRAPHQL_PARSE_FAILED' && !formatted.message.startsWith('Syntax Error') ? 'the query could not be parsed' : formatted.message;
    return { ...base, message, extensions: { code: APOLLO_TO_OURS[code], detail: typeof detail === 'string' ? detail : `GRAPHQL.${code}` } };
  }
  log(original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
