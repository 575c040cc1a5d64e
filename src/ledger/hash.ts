// RFC 9162 §2.1.1 hashing (identical to RFC 6962 §2.1): SHA-256 with domain separation between
// leaves (0x00) and interior nodes (0x01). @noble/hashes so the same code verifies in a browser.
import { sha256 } from '@noble/hashes/sha2.js';

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() — RFC 9162 §2.1.1. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** Throws TypeError/RangeError unless `value` is a 32-byte hash (a caller bug). */
export function assertHash(value: Uint8Array, name: string): void {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (value.length !== HASH_SIZE) throw new RangeError(`${name} must be ${HASH_SIZE} bytes, got ${value.length}`);
}

/** MTH({d}) = SHA-256(0x00 ‖ d) — RFC 9162 §2.1.1. */
export function leafHash(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError('leaf data must be a Uint8Array');
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right) — RFC 9162 §2.1.1. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + HASH_SIZE);
  return sha256(input);
}

/** Constant-time-irrelevant (public data) byte equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Root of a tree given its frontier (perfect subtrees, left to right): fold right to left,
 * each earlier subtree being the left child. `hashChildren` defaults to nodeHash (noble).
 */
export function foldFrontier(
  frontier: readonly Uint8Array[],
  hashChildren: (left: Uint8Array, right: Uint8Array) => Uint8Array = nodeHash,
): Uint8Array {
  if (frontier.length === 0) return EMPTY_ROOT;
  let root = frontier[frontier.length - 1] as Uint8Array;
  for (let i = frontier.length - 2; i >= 0; i -= 1) root = hashChildren(frontier[i] as Uint8Array, root);
  return root;
}
