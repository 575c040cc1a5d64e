// Loads ../shared/vectors as they are (never edited). Integers of 16+ digits are quoted before
// JSON.parse and read as BigInt, as the vectors' README says.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/vectors beside the checkout (as CI lays it out), or CHAIN_INVOICE_VECTORS. */
function findVectors(): string {
  if (process.env['CHAIN_INVOICE_VECTORS']) return path.resolve(process.env['CHAIN_INVOICE_VECTORS']);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'shared', 'vectors');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('shared/vectors not found beside the checkout; set CHAIN_INVOICE_VECTORS to its path');
}

export const VECTORS_DIR = findVectors();

export function readVectorJson<T>(file: string): T {
  const text = readFileSync(file, 'utf8').replace(/(:\s*)(\d{16,})/gu, '$1"$2"');
  return JSON.parse(text) as T;
}

export function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listJson(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** A vector size or index: BigInt when it was quoted (16+ digits), a number otherwise. */
export function asSize(value: number | string): number | bigint {
  return typeof value === 'string' ? BigInt(value) : value;
}

export function b64(value: string | null): Uint8Array {
  return value === null ? new Uint8Array(0) : new Uint8Array(Buffer.from(value, 'base64'));
}
