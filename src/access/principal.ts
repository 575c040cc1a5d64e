// Who is calling: one role and its scope (ARCHITECTURE.md "Security model").
export const ROLES = ['ADMIN', 'MERCHANT', 'EMPLOYEE', 'FINANCE', 'TAX_AUTHORITY'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { readonly role: 'ADMIN'; readonly keyId: string }
  | { readonly role: 'MERCHANT'; readonly keyId: string; readonly merchantId: string }
  | { readonly role: 'EMPLOYEE'; readonly keyId: string; readonly employerId: string; readonly personId: string }
  | { readonly role: 'FINANCE'; readonly keyId: string; readonly employerId: string }
  | { readonly role: 'TAX_AUTHORITY'; readonly keyId: string };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
