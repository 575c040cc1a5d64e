// Each merchant's notification endpoint: one URL and a signing secret, set and rotated by the
// merchant itself (ADMIN for any). The secret is shown once, when it is made; reads say only
// that one is set. Localhost and private addresses are allowed on purpose: a merchant's
// system in development listens on 127.0.0.1, and the platform runs where the merchant's
// systems are reachable (deployments that must not reach internal hosts filter egress).
import { authorize, type Principal } from '../access/index.js';
import { DomainError, type Clock } from '../domain/index.js';
import { randomSecret } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { EndpointStore } from './ports.js';

export const MAX_URL_LENGTH = 2048;

export interface EndpointDeps {
  readonly endpoints: EndpointStore;
  readonly merchants: { get(id: string): unknown };
  readonly uow: UnitOfWork;
  readonly clock: Clock;
}

export interface EndpointView {
  readonly merchantId: string;
  readonly url: string;
  readonly secretSet: boolean;
  readonly updatedAt: string;
}

export interface EndpointSetup extends EndpointView {
  /** The signing secret when it was just made (first registration or rotation); otherwise null. */
  readonly secret: string | null;
}

function badUrl(message: string): DomainError {
  return new DomainError('NOTIFICATION.BAD_URL', message, { field: 'url' });
}

/** An http(s) URL without credentials or fragment, at most MAX_URL_LENGTH characters; throws NOTIFICATION.BAD_URL. */
export function validateEndpointUrl(text: string): string {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_URL_LENGTH) throw badUrl(`url must be 1–${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badUrl('url is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUrl('url must be http or https');
  if (url.username !== '' || url.password !== '') throw badUrl('url must not carry credentials; the signature authenticates us');
  if (url.hash !== '') throw badUrl('url must not have a fragment');
  if (url.hostname === '') throw badUrl('url has no host');
  return url.toString();
}

function authorizedMerchant(principal: Principal | null, action: 'notification:read' | 'notification:configure', requestedId: string | null | undefined): string {
  const grant = authorize(principal, action);
  const merchantId = requestedId || grant.merchantId;
  if (!merchantId) throw new DomainError('NOTIFICATION.BAD_INPUT', 'give the merchant id', { field: 'merchantId' });
  authorize(principal, action, { type: 'merchant', id: merchantId, merchantId });
  return merchantId;
}

/**
 * Registers or changes the merchant's endpoint URL; a new secret is made the first time and
 * when `rotateSecret` is true. Throws NOTIFICATION.BAD_URL, MERCHANT.NOT_FOUND.
 */
export function setNotificationEndpoint(
  deps: EndpointDeps,
  principal: Principal | null,
  requestedId: string | null | undefined,
  input: { url: string; rotateSecret?: boolean | null },
): EndpointSetup {
  const merchantId = authorizedMerchant(principal, 'notification:configure', requestedId);
  const url = validateEndpointUrl(input.url);
  return deps.uow.run(() => {
    if (!deps.merchants.get(merchantId)) throw new DomainError('MERCHANT.NOT_FOUND', `no merchant ${merchantId}`, { merchantId });
    const current = deps.endpoints.get(merchantId);
    const fresh = current === null || input.rotateSecret === true;
    const secret = fresh ? `whsec_${randomSecret(32)}` : current.secret;
    const updatedAt = deps.clock.now().toISOString();
    deps.endpoints.put({ merchantId, url, secret, updatedAt });
    return { merchantId, url, secretSet: true, updatedAt, secret: fresh ? secret : null };
  });
}

/** The merchant's endpoint without its secret, or null when none is registered. */
export function readNotificationEndpoint(deps: Pick<EndpointDeps, 'endpoints'>, principal: Principal | null, requestedId: string | null | undefined): EndpointView | null {
  const merchantId = authorizedMerchant(principal, 'notification:read', requestedId);
  const endpoint = deps.endpoints.get(merchantId);
  return endpoint ? { merchantId, url: endpoint.url, secretSet: endpoint.secret.length > 0, updatedAt: endpoint.updatedAt } : null;
}
