// TAX_NODE_PUBLIC_URL: where people reach the tax node's public 查验 page (printed in the
// invoice's verification link and QR). Defaults to TAX_NODE_URL, else the local tax node.
import { ConfigError } from '../../config.js';

export const DEFAULT_TAX_NODE_PUBLIC_URL = 'http://127.0.0.1:4100';

export function taxNodePublicUrlFrom(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env['TAX_NODE_PUBLIC_URL'] || env['TAX_NODE_URL'] || DEFAULT_TAX_NODE_PUBLIC_URL;
  if (!/^https?:\/\/[^\s]+$/u.test(value)) throw new ConfigError('TAX_NODE_PUBLIC_URL', 'must be an http(s) URL');
  return value;
}
