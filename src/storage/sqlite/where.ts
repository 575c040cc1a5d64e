// One WHERE clause from optional filters: a condition is included only when its value is set.
export type SqlValue = string | number;

export function whereClause(conditions: ReadonlyArray<readonly [string, SqlValue | null | undefined]>): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const [condition, value] of conditions) {
    if (value === null || value === undefined || value === '') continue;
    parts.push(condition);
    params.push(value);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}
