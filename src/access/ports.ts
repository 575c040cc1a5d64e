import type { Role } from './principal.js';
import type { TaxRate } from '../domain/index.js';

export interface ApiKeyRecord {
  readonly id: string;
  readonly keyHash: Uint8Array;
  readonly role: Role;
  readonly merchantId: string | null;
  readonly employerId: string | null;
  readonly personId: string | null;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeyStore {
  insert(record: ApiKeyRecord): void;
  findByHash(keyHash: Uint8Array): ApiKeyRecord | null;
  get(id: string): ApiKeyRecord | null;
  list(): ApiKeyRecord[];
  revoke(id: string, at: string): boolean;
}

export interface Merchant {
  readonly id: string;
  readonly name: string;
  readonly taxpayerId: string;
  readonly region: string;
  readonly autoIssue: boolean;
  readonly defaultTaxRate: TaxRate;
  readonly defaultTaxCode: string;
  /** Reverse (and re-issue the remainder) automatically when an invoiced payment is refunded. */
  readonly autoReverse: boolean;
  readonly createdAt: string;
}

export interface WebhookSecret {
  readonly id: string;
  readonly merchantId: string;
  readonly secret: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

/** What a merchant may change after registration. */
export type MerchantSettings = Pick<Merchant, 'autoIssue' | 'autoReverse' | 'defaultTaxRate' | 'defaultTaxCode'>;

export interface MerchantStore {
  insert(merchant: Merchant): void;
  get(id: string): Merchant | null;
  /** Replaces the merchant's invoicing settings (the fields of MerchantSettings). */
  updateSettings(id: string, settings: MerchantSettings): void;
  count(): number;
  insertSecret(secret: WebhookSecret): void;
  /** Secrets that are current or still inside their overlap window at `now`. */
  activeSecrets(merchantId: string, now: string): WebhookSecret[];
  /** Gives every current secret of the merchant an expiry. */
  expireCurrentSecrets(merchantId: string, expiresAt: string): void;
}
