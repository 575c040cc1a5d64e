// Money is a decimal string in yuan on the wire and integer fen inside (domain parser).
import { GraphQLScalarType, Kind } from 'graphql';
import { MAX_AMOUNT_FEN, formatYuan, isCalendarDate, isDomainError, parseYuan } from '../domain/index.js';
import { apiError } from './errors.js';

/** Money in: a yuan decimal, at most MAX_AMOUNT_FEN (13 digits of yuan), the domain's one maximum. */
function parseMoney(value: unknown): number {
  if (typeof value !== 'string') throw apiError('BAD_USER_INPUT', 'Money is a decimal string in yuan, e.g. "128.00"', 'MONEY.INVALID_AMOUNT');
  let fen: number;
  try {
    fen = parseYuan(value);
  } catch (error) {
    throw apiError('BAD_USER_INPUT', isDomainError(error) ? error.message : 'invalid amount', 'MONEY.INVALID_AMOUNT');
  }
  if (Math.abs(fen) > MAX_AMOUNT_FEN) throw apiError('BAD_USER_INPUT', `Money is at most ${formatYuan(MAX_AMOUNT_FEN)}`, 'MONEY.INVALID_AMOUNT');
  return fen;
}

export const MoneyScalar = new GraphQLScalarType<number, string>({
  name: 'Money',
  serialize: (value) => formatYuan(value as number),
  parseValue: parseMoney,
  parseLiteral: (ast) => parseMoney(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => new Date(value as string).toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw apiError('BAD_USER_INPUT', 'DateTime is an ISO-8601 instant');
    return new Date(value).toISOString();
  },
});

function parseDate(value: unknown): string {
  // the domain's strict calendar: a day that does not exist is refused, never normalised
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw apiError('BAD_USER_INPUT', 'Date is a calendar date YYYY-MM-DD', 'GRAPHQL.BAD_DATE');
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => value as string,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
