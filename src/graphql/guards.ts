// Scope checks every resolver starts with.
import type { Principal, Role } from '../access/index.js';
import { apiError } from './errors.js';

/** The caller, who must hold one of `roles`. */
export function requireRole<R extends Role>(principal: Principal | null, ...roles: R[]): Extract<Principal, { role: R }> {
  if (principal === null) throw apiError('UNAUTHENTICATED', 'this operation needs an API key', 'ACCESS.UNAUTHENTICATED');
  if (!(roles as Role[]).includes(principal.role)) {
    throw apiError('FORBIDDEN', `this operation is not open to ${principal.role}`, 'ACCESS.FORBIDDEN');
  }
  return principal as Extract<Principal, { role: R }>;
}

/** The merchant a caller is confined to: its own for MERCHANT, none (all) for the others. */
export function merchantScope(principal: Principal): string | null {
  return principal.role === 'MERCHANT' ? principal.merchantId : null;
}
