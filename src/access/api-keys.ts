// API keys: high-entropy random strings shown once, stored as SHA-256 (a slow password hash
// buys nothing for 256-bit random keys), compared by hash lookup.
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError, type Clock } from '../domain/index.js';
import { randomSecret, type IdGenerator } from '../shared/ids.js';
import type { ApiKeyRecord, ApiKeyStore } from './ports.js';
import { isRole, type Principal, type Role } from './principal.js';

export const API_KEY_PREFIX = 'cik_';

export function hashApiKey(key: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

export interface NewApiKey {
  readonly role: Role;
  readonly merchantId?: string | null;
  readonly employerId?: string | null;
  readonly personId?: string | null;
  readonly label: string;
}

function assertScope(input: NewApiKey): void {
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new DomainError('ACCESS.BAD_SCOPE', `a ${input.role} key needs ${what}`, { role: input.role });
  };
  if (!isRole(input.role)) throw new DomainError('ACCESS.BAD_SCOPE', `unknown role ${String(input.role)}`);
  if (input.role === 'MERCHANT') need(Boolean(input.merchantId), 'a merchant id');
  if (input.role === 'FINANCE') need(Boolean(input.employerId), 'an employer id');
  if (input.role === 'EMPLOYEE') need(Boolean(input.employerId) && Boolean(input.personId), 'an employer id and a person id');
}

/** Creates a key; the plain key is returned once and never stored. */
export function createApiKey(
  deps: { keys: ApiKeyStore; ids: IdGenerator; clock: Clock },
  input: NewApiKey,
): { key: string; record: ApiKeyRecord } {
  assertScope(input);
  const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
  const record: ApiKeyRecord = {
    id: deps.ids.next('key'),
    keyHash: hashApiKey(key),
    role: input.role,
    merchantId: input.merchantId ?? null,
    employerId: input.employerId ?? null,
    personId: input.personId ?? null,
    label: input.label,
    createdAt: deps.clock.now().toISOString(),
    revokedAt: null,
  };
  deps.keys.insert(record);
  return { key, record };
}

export function principalOf(record: ApiKeyRecord): Principal {
  switch (record.role) {
    case 'ADMIN':
      return { role: 'ADMIN', keyId: record.id };
    case 'TAX_AUTHORITY':
      return { role: 'TAX_AUTHORITY', keyId: record.id };
    case 'MERCHANT':
      return { role: 'MERCHANT', keyId: record.id, merchantId: record.merchantId ?? '' };
    case 'FINANCE':
      return { role: 'FINANCE', keyId: record.id, employerId: record.employerId ?? '' };
    case 'EMPLOYEE':
      return { role: 'EMPLOYEE', keyId: record.id, employerId: record.employerId ?? '', personId: record.personId ?? '' };
  }
}

/**
 * Resolves an `Authorization` header to a principal: null for no header, DomainError
 * `ACCESS.UNAUTHENTICATED` for a malformed, unknown or revoked key.
 */
export function authenticate(
  deps: { keys: ApiKeyStore; adminBootstrapKey?: string | undefined },
  authorization: string | undefined,
): Principal | null {
  if (authorization === undefined || authorization === '') return null;
  const match = /^Bearer ([A-Za-z0-9_\-.~+/=]{16,200})$/u.exec(authorization);
  const refuse = (): DomainError => new DomainError('ACCESS.UNAUTHENTICATED', 'the API key is not valid');
  if (!match) throw refuse();
  const key = match[1] ?? '';
  if (deps.adminBootstrapKey) {
    const a = hashApiKey(key);
    const b = hashApiKey(deps.adminBootstrapKey);
    if (timingSafeEqual(a, b)) return { role: 'ADMIN', keyId: 'bootstrap' };
  }
  const record = deps.keys.findByHash(hashApiKey(key));
  if (!record || record.revokedAt !== null) throw refuse();
  return principalOf(record);
}
