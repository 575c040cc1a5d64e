// Builds a notification as Alipay sends it (test signer, demo sender): the parameters signed
// with RSA2, then form-encoded with sign and sign_type added.
import type { KeyObject } from 'node:crypto';
import { alipaySignContent, signAlipayContent } from './signature.js';

/** Form-encodes parameters in the given order (spaces as '+', as browsers and Alipay do). */
export function encodeForm(params: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>): string {
  const entries: ReadonlyArray<readonly [string, string]> = Array.isArray(params) ? params : Object.entries(params);
  return new URLSearchParams(entries.map(([k, v]): [string, string] => [k, v])).toString();
}

/** Returns the raw form body and the parameters as sent (sign and sign_type included). */
export function signAlipayNotification(options: { privateKey: KeyObject | string; params: Readonly<Record<string, string>>; signType?: string }): { rawForm: string; params: Record<string, string> } {
  const sign = signAlipayContent(options.privateKey, alipaySignContent(options.params));
  const params = { ...options.params, sign_type: options.signType ?? 'RSA2', sign };
  return { rawForm: encodeForm(params), params };
}
