// A body-parser `verify` hook that refuses JSON nested deeper than a limit before JSON.parse
// runs. JSON.parse is linear but heavy per level (600 KB of `[[[…]]]`: 283 ms, measured on
// Node 20), and nothing a GraphQL request legitimately sends nests more than a few levels.
import type { IncomingMessage } from 'node:http';

/** Brackets open at once in a GraphQL request body (the envelope and variables included). */
export const MAX_JSON_NESTING = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/** The deepest bracket nesting of a JSON text, outside strings; stops counting past `limit`. */
export function jsonNesting(bytes: Uint8Array, limit: number = MAX_JSON_NESTING): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i += 1;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (OPENERS.has(b)) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (CLOSERS.has(b)) {
      depth -= 1;
    }
  }
  return deepest;
}

/** For `express.json({ verify })`: a 400 (`entity.too.deep`) when the body nests too deeply. */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (jsonNesting(buf) > MAX_JSON_NESTING) {
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_NESTING}`), { status: 400, type: 'entity.too.deep' });
  }
}
