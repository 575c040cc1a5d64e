/** An expected, explainable failure of a business rule; `code` is stable across processes. */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** Narrowing helper that works across module copies, where `instanceof` may not. */
export function isDomainError(value: unknown): value is DomainError {
  return (
    value instanceof Error &&
    value.name === 'DomainError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
