// Loads test/vectors as they are (copied byte for byte from their sources, never edited: see
// test/vectors/README.md). Integers of 16+ digits are quoted before JSON.parse and read as
// BigInt, as that README says.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/vectors of this checkout: nothing outside the repository is read. */
export const VECTORS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

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
