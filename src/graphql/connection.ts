// Relay connections with opaque keyset cursors (never offsets: a ledger-backed list grows
// under the reader). Fetch `first + 1` rows to know whether a next page exists.
import { apiError } from './errors.js';

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(seq: number): string {
  return Buffer.from(`c1:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^c1:(\d{1,15})$/u.exec(text);
  if (!match) throw apiError('BAD_USER_INPUT', 'after is not a cursor this API gave out', 'GRAPHQL.BAD_CURSOR');
  return Number(match[1]);
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, 'GRAPHQL.PAGE_SIZE');
  }
  return size;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a page from rows fetched with limit `size + 1`, in ascending `seq` order. */
export function toConnection<T extends { seq: number }>(rows: readonly T[], size: number): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.seq), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}
