// Merchant onboarding (ADMIN), its invoicing settings and webhook secret rotation. The merchant
// registry is configuration, not an invoice lifecycle step: like registration, a settings
// change is not a ledger entry (the entry types, src/events/types.ts, are payment, invoice,
// reimbursement and tax-report steps). The invoices it shapes carry the rate and code they used.
import { DomainError, assertTaxRate, assertTaxpayerId, normaliseName, PROVINCE_CODES, type Clock } from '../domain/index.js';
import { randomSecret, type IdGenerator } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { createApiKey } from './api-keys.js';
import { authorize, notFound, permits } from './authorize.js';
import type { ApiKeyStore, Merchant, MerchantSettings, MerchantStore, WebhookSecret } from './ports.js';
import type { Principal } from './principal.js';

export interface MerchantDeps {
  readonly merchants: MerchantStore;
  readonly keys: ApiKeyStore;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly uow: UnitOfWork;
}

/** What an ADMIN gives to register a merchant (region: 6-digit GB/T 2260 division code). */
export type RegisterMerchantInput = Omit<Merchant, 'id' | 'createdAt' | 'autoReverse'> & { readonly autoReverse?: boolean | null };

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

function bad(message: string, field: string): DomainError {
  return new DomainError('MERCHANT.INVALID', message, { field });
}

/** Checks a registration; the name passes the domain's text policy (it is the 销售方名称 of every invoice). */
export function validateMerchantInput(input: RegisterMerchantInput): void {
  normaliseName(input.name, 'name');
  assertTaxpayerId(input.taxpayerId);
  if (!/^\d{6}$/u.test(input.region) || !PROVINCE_CODES.has(input.region.slice(0, 2))) {
    throw bad(`region "${input.region}" is not a 6-digit division code`, 'region');
  }
  validateSettings({ ...input, autoReverse: input.autoReverse ?? false });
}

/** The invoicing settings' rules, shared by registration and updateMerchant. */
function validateSettings(input: MerchantSettings): void {
  assertTaxRate(input.defaultTaxRate);
  if (!/^\d{19}$/u.test(input.defaultTaxCode)) throw bad('defaultTaxCode must be the 19-digit tax classification code', 'defaultTaxCode');
}

/** The settings an updateMerchant names; an absent (or null) field keeps its value. */
export type MerchantSettingsPatch = { readonly [K in keyof MerchantSettings]?: MerchantSettings[K] | null };

/**
 * Changes a merchant's invoicing settings: a MERCHANT its own (naming another is
 * MERCHANT.NOT_FOUND, like a missing one), an ADMIN any. Applies to what happens next only:
 * issued invoices keep the rate they were issued with. Validated like registerMerchant;
 * a patch naming nothing is MERCHANT.INVALID.
 */
export function updateMerchant(deps: MerchantDeps, principal: Principal | null, requestedId: string | null | undefined, patch: MerchantSettingsPatch): Merchant {
  const grant = authorize(principal, 'merchant:update');
  const merchantId = namedMerchant(requestedId, grant.merchantId);
  authorize(principal, 'merchant:update', { type: 'merchant', id: merchantId, merchantId });
  const named = (Object.keys(patch) as Array<keyof MerchantSettings>).filter((k) => patch[k] !== null && patch[k] !== undefined);
  if (named.length === 0) throw bad('name at least one setting to change', 'input');
  return deps.uow.run(() => {
    const current = deps.merchants.get(merchantId);
    if (!current) throw notFound({ type: 'merchant', id: merchantId });
    const next: MerchantSettings = {
      autoIssue: patch.autoIssue ?? current.autoIssue,
      autoReverse: patch.autoReverse ?? current.autoReverse,
      defaultTaxRate: patch.defaultTaxRate ?? current.defaultTaxRate,
      defaultTaxCode: patch.defaultTaxCode ?? current.defaultTaxCode,
    };
    validateSettings(next);
    deps.merchants.updateSettings(merchantId, next);
    return deps.merchants.get(merchantId) as Merchant;
  });
}

/** Registers a merchant with a MERCHANT key and a webhook secret, both shown only in this result. */
export function registerMerchant(
  deps: MerchantDeps,
  principal: Principal | null,
  input: RegisterMerchantInput,
  fixed: { id?: string; secret?: string } = {},
): { merchant: Merchant; apiKey: string; webhookSecret: string } {
  authorize(principal, 'merchant:register');
  validateMerchantInput(input);
  return deps.uow.run(() => {
    const now = deps.clock.now().toISOString();
    const merchant: Merchant = {
      id: fixed.id ?? deps.ids.next('m'),
      name: normaliseName(input.name, 'name'),
      taxpayerId: input.taxpayerId,
      region: input.region,
      autoIssue: input.autoIssue,
      defaultTaxRate: input.defaultTaxRate,
      defaultTaxCode: input.defaultTaxCode,
      autoReverse: input.autoReverse ?? false,
      createdAt: now,
    };
    if (deps.merchants.get(merchant.id)) throw new DomainError('MERCHANT.EXISTS', `merchant ${merchant.id} exists`);
    deps.merchants.insert(merchant);
    const webhookSecret = fixed.secret ?? `${WEBHOOK_SECRET_PREFIX}${randomSecret(32)}`;
    deps.merchants.insertSecret({ id: deps.ids.next('whs'), merchantId: merchant.id, secret: webhookSecret, createdAt: now, expiresAt: null });
    const { key } = createApiKey(deps, { role: 'MERCHANT', merchantId: merchant.id, label: `${merchant.name} (registration)` });
    return { merchant, apiKey: key, webhookSecret };
  });
}

/** The merchant a caller names, or its own when it names none; MERCHANT.INVALID when there is neither. */
function namedMerchant(requested: string | null | undefined, own: string | null): string {
  const id = requested || own;
  if (!id) throw bad('give the merchant id', 'merchantId');
  return id;
}

/** A merchant's profile: ADMIN and TAX_AUTHORITY read any, a MERCHANT its own (another's reads as null). */
export function readMerchant(deps: Pick<MerchantDeps, 'merchants'>, principal: Principal | null, requestedId: string | null | undefined): Merchant | null {
  const grant = authorize(principal, 'merchant:read');
  const id = namedMerchant(requestedId, grant.merchantId);
  return permits(principal, 'merchant:read', { type: 'merchant', id, merchantId: id }) ? deps.merchants.get(id) : null;
}

/**
 * Issues a new current secret; the old ones stay valid for `overlapSeconds`. A MERCHANT
 * rotates its own (naming another is MERCHANT.NOT_FOUND), an ADMIN the one it names.
 */
export function rotateWebhookSecret(
  deps: MerchantDeps,
  principal: Principal | null,
  requestedId: string | null | undefined,
  overlapSeconds: number,
): { secret: string; previousValidUntil: string } {
  const grant = authorize(principal, 'merchant:rotateWebhookSecret');
  const merchantId = namedMerchant(requestedId, grant.merchantId);
  authorize(principal, 'merchant:rotateWebhookSecret', { type: 'merchant', id: merchantId, merchantId });
  return deps.uow.run(() => {
    if (!deps.merchants.get(merchantId)) throw notFound({ type: 'merchant', id: merchantId });
    const now = deps.clock.now();
    const previousValidUntil = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
    deps.merchants.expireCurrentSecrets(merchantId, previousValidUntil);
    const secret: WebhookSecret = {
      id: deps.ids.next('whs'),
      merchantId,
      secret: `${WEBHOOK_SECRET_PREFIX}${randomSecret(32)}`,
      createdAt: now.toISOString(),
      expiresAt: null,
    };
    deps.merchants.insertSecret(secret);
    return { secret: secret.secret, previousValidUntil };
  });
}
