export * from '../../src/ledger/index.js';
import { isDomainError } from '../../src/domain/index.js';

/** An assert.throws validator: a DomainError with exactly this code. */
export function isDomainErrorCode(code: string): (error: unknown) => boolean {
  return (error: unknown) => isDomainError(error) && error.code === code;
}
