// The check a query's text passes before it is parsed: its size in bytes, its number of
// tokens and how deeply its brackets nest. graphql-js parses by recursive descent and runs
// several validation rules recursively: measured on graphql 16.15, `{a{a{…}}}` 2,000 levels
// deep (or `[[[…]]]` in an argument) overflows the call stack while parsing, and `maxTokens`
// alone does not stop it (4,000 tokens already reach that depth). So the text is read once
// here with graphql's own lexer, iteratively, and refused when it crosses a limit; anything
// that passes is small and shallow enough for every later step.
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/** The query text's size in UTF-8 bytes (variables travel apart; a day's trade bill goes there). */
export const MAX_QUERY_BYTES = 16 * 1024;
/** Lexical tokens (comments excluded): a 300-field query with arguments needs about 1,500. */
export const MAX_TOKENS = 4000;
/** Open `{`, `[` and `(` at once: depth 10 plus inline fragments and nested input objects fit. */
export const MAX_NESTING = 64;

const OPENING: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

function refusal(message: string, detail: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', detail, http: { status: 400 } } });
}

/**
 * Null when `query` may be parsed; otherwise the error to answer with (BAD_USER_INPUT, detail
 * GRAPHQL.DEPTH_LIMIT, GRAPHQL.TOKEN_LIMIT or GRAPHQL.QUERY_TOO_LARGE). O(min(length,
 * MAX_QUERY_BYTES)) plus one byte count, no recursion. A lexical error in a text of allowed
 * size is left for the parser, which reports it with its position.
 */
export function checkQuerySource(query: string): GraphQLError | null {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let nesting = 0;
  try {
    // tokens and nesting first, so a deep text is called deep however long it is; the scan
    // stops where the byte cap would anyway (a UTF-16 unit is at least one UTF-8 byte)
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && token.start <= MAX_QUERY_BYTES; token = lexer.advance()) {
      tokens += 1;
      if (tokens > MAX_TOKENS) return refusal(`the query has more than ${MAX_TOKENS} tokens`, 'GRAPHQL.TOKEN_LIMIT');
      if (OPENING.has(token.kind)) {
        nesting += 1;
        if (nesting > MAX_NESTING) return refusal(`the query nests brackets deeper than ${MAX_NESTING} levels`, 'GRAPHQL.DEPTH_LIMIT');
      } else if (CLOSING.has(token.kind)) {
        nesting = Math.max(0, nesting - 1);
      }
    }
  } catch {
    // a syntax error: parse() reports it with its position, unless the text is also too large
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit, so most texts are decided without counting
  if (query.length * 3 > MAX_QUERY_BYTES && Buffer.byteLength(query, 'utf8') > MAX_QUERY_BYTES) {
    return refusal(`the query text is larger than ${MAX_QUERY_BYTES} bytes; pass large values as variables`, 'GRAPHQL.QUERY_TOO_LARGE');
  }
  return null;
}
