export { ROLES, type Role, type Principal, isRole } from './principal.js';
export type { ApiKeyRecord, ApiKeyStore, Merchant, MerchantSettings, MerchantStore, WebhookSecret } from './ports.js';
export { API_KEY_PREFIX, hashApiKey, createApiKey, principalOf, authenticate, type NewApiKey } from './api-keys.js';
export {
  registerMerchant, readMerchant, rotateWebhookSecret, updateMerchant, type MerchantSettingsPatch, validateMerchantInput, WEBHOOK_SECRET_PREFIX, type MerchantDeps, type RegisterMerchantInput,
} from './merchants.js';
export { AuthenticationThrottle, type AuthenticationThrottleOptions } from './auth-throttle.js';
export { bootstrapKeyWeakness, estimateKeyBits, BOOTSTRAP_KEY_MIN_BITS, BOOTSTRAP_KEY_MIN_LENGTH } from './bootstrap-key.js';
export { ACTIONS, ACTION_NAMES, CALLERS, scopeFor, type Action, type ActionRule, type Caller, type Scope } from './actions.js';
export { authorize, permits, covers, notFound, merchantFilter, type Grant, type Resource, type ResourceType } from './authorize.js';
