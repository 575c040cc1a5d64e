// Money is a decimal string in yuan on the wire and integer fen inside (domain parser).
import { GraphQLScalarType, Kind } from 'graphql';
import { formatYuan, isDomainError, parseYuan } from '../domain/index.js';
import { apiError } from './errors.js';

function parseMoney(value: unknown): number {
  if (typeof value !== 'string') throw apiError('BAD_USER_INPUT', 'Money is a decimal string in yuan, e.g. "128.00"', 'MONEY.INVALID_AMOUNT');
  try {
    return parseYuan(value);
  } catch (error) {
    throw apiError('BAD_USER_INPUT', isDomainError(error) ? error.message : 'invalid amount', 'MONEY.INVALID_AMOUNT');
  }
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
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/u.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
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
