// C2SP signed-note: a text ending in a newline, a blank line, then one line per signature,
// `— <key name> base64(4-byte key id ‖ signature)`. Key id = SHA-256(name ‖ 0x0A ‖ type ‖
// public key)[:4]; type 0x01 is plain Ed25519, 0x04 a timestamped cosignature.
import { sha256 } from '@noble/hashes/sha2.js';
import { ledgerError } from './errors.js';
import { keyPairFromSeed, signEd25519, verifyEd25519, type Ed25519KeyPair } from './ed25519.js';
import { equalBytes } from './hash.js';

export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE = 0x04;
const MAX_SIGNATURES = 100;
const DASH = '\u2014';

const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Strict standard base64 with padding: null unless re-encoding gives back the same text. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(text) || text.length % 4 !== 0) return null;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return toBase64(bytes) === text ? bytes : null;
}

function assertKeyName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || /[\s+]/u.test(name)) {
    throw new RangeError(`key name "${name}" must be non-empty without spaces or "+"`);
  }
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] — C2SP signed-note "Signatures". */
export function keyId(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  assertKeyName(name);
  const head = encoder.encode(`${name}\n`);
  const input = new Uint8Array(head.length + 1 + publicKey.length);
  input.set(head);
  input[head.length] = type;
  input.set(publicKey, head.length + 1);
  return sha256(input).subarray(0, 4);
}

/** A verifier key as C2SP publishes it: `name+hex(key id)+base64(type ‖ public key)`. */
export interface VerifierKey {
  readonly name: string;
  readonly type: number;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Splits on the first `count − 1` plus signs: the trailing base64 may itself contain '+'. */
function splitPlus(text: string, count: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < count - 1) {
    const at = rest.indexOf('+');
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

export function formatVerifierKey(key: VerifierKey): string {
  return `${key.name}+${Buffer.from(key.keyId).toString('hex')}+${toBase64(Uint8Array.of(key.type, ...key.publicKey))}`;
}

/** Parses a vkey; throws DomainError `LEDGER.BAD_VERIFIER_KEY` naming what is wrong. */
export function parseVerifierKey(vkey: string): VerifierKey {
  const parts = splitPlus(vkey, 3);
  const bad = (reason: string) => ledgerError('BAD_VERIFIER_KEY', `verifier key is malformed: ${reason}`, { reason });
  if (parts.length !== 3) throw bad('expected name+keyid+key');
  const [name = '', hexId = '', encoded = ''] = parts;
  if (name.length === 0 || /\s/u.test(name)) throw bad('empty or spaced name');
  if (!/^[0-9a-f]{8}$/u.test(hexId)) throw bad('key id must be 8 lowercase hex digits');
  const raw = fromBase64(encoded);
  if (!raw || raw.length !== 33) throw bad('key must be base64 of a type byte and 32 key bytes');
  const type = raw[0] ?? 0;
  if (type !== SIG_TYPE_ED25519 && type !== SIG_TYPE_COSIGNATURE) throw bad(`unsupported signature type 0x${type.toString(16)}`);
  const publicKey = raw.subarray(1);
  const id = keyId(name, type, publicKey);
  if (Buffer.from(id).toString('hex') !== hexId) throw bad('key id does not match the key');
  return { name, type, keyId: id, publicKey };
}

/** A private signing key with its name, as the demo fixtures store it. */
export interface NoteSigner {
  readonly name: string;
  readonly type: number;
  readonly keyId: Uint8Array;
  readonly keys: Ed25519KeyPair;
  readonly verifierKey: VerifierKey;
}

export function signerFromSeed(name: string, seed: Uint8Array, type: number = SIG_TYPE_ED25519): NoteSigner {
  const keys = keyPairFromSeed(seed);
  const id = keyId(name, type, keys.publicKey);
  return { name, type, keyId: id, keys, verifierKey: { name, type, keyId: id, publicKey: keys.publicKey } };
}

/** `PRIVATE+KEY+name+hex(key id)+base64(type ‖ seed)`, the form Go's note package uses. */
export function formatSignerKey(signer: NoteSigner, seed: Uint8Array): string {
  return `PRIVATE+KEY+${signer.name}+${Buffer.from(signer.keyId).toString('hex')}+${toBase64(Uint8Array.of(signer.type, ...seed))}`;
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitPlus(text.trim(), 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new RangeError('signer key must look like PRIVATE+KEY+name+keyid+base64');
  }
  const raw = fromBase64(parts[4] ?? '');
  if (!raw || raw.length !== 33) throw new RangeError('signer key must carry a type byte and a 32-byte seed');
  const signer = signerFromSeed(parts[2] ?? '', raw.subarray(1), raw[0]);
  if (Buffer.from(signer.keyId).toString('hex') !== parts[3]) throw new RangeError('signer key id does not match the key');
  return signer;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  /** The bytes after the key id: a 64-byte signature, or timestamp ‖ signature for type 0x04. */
  readonly body: Uint8Array;
  readonly line: string;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

function malformed(reason: string): Error {
  return ledgerError('NOTE_MALFORMED', `signed note is malformed: ${reason}`, { reason });
}

/** Splits a signed note into its text and signature lines (no verification). */
export function parseNote(note: string): ParsedNote {
  if (typeof note !== 'string') throw new TypeError('note must be a string');
  if (!note.endsWith('\n')) throw malformed('it does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  if (text.length === 0 || text === '\n') throw malformed('empty text');
  // C2SP signed-note: the text carries no control characters other than newline
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && code !== 0x0a) || code === 0x7f) throw malformed('control character in the text');
  }
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed('too many signatures');
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) throw malformed(`bad signature line "${line.slice(0, 80)}"`);
    const raw = fromBase64(match[2] ?? '');
    if (!raw || raw.length < 5) throw malformed('signature is not base64 of a key id and a signature');
    return { name: match[1] ?? '', keyId: raw.subarray(0, 4), body: raw.subarray(4), line };
  });
  if (signatures.length === 0) throw malformed('no signatures');
  return { text, signatures };
}

/** The signature line a signer adds to a text. */
export function signatureLine(name: string, id: Uint8Array, body: Uint8Array): string {
  return `${DASH} ${name} ${toBase64(Uint8Array.of(...id, ...body))}`;
}

/** Signs a text (which must end in a newline) with a plain Ed25519 (type 0x01) key. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new RangeError('note text must end with a newline');
  if (signer.type !== SIG_TYPE_ED25519) throw new RangeError('signNote takes a type 0x01 key');
  const signature = signEd25519(signer.keys.privateKey, encoder.encode(text));
  return `${text}\n${signatureLine(signer.name, signer.keyId, signature)}\n`;
}

export function signatureBy(note: ParsedNote, key: VerifierKey): NoteSignature | undefined {
  return note.signatures.find((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
}

/**
 * Opens a note with a set of known Ed25519 (type 0x01) keys: every signature by a known key
 * must verify, and at least one must be present. Throws LEDGER.UNKNOWN_KEY / BAD_SIGNATURE.
 */
export function openNote(note: string, known: readonly VerifierKey[]): { text: string; verifiedBy: VerifierKey[] } {
  const parsed = parseNote(note);
  const verifiedBy: VerifierKey[] = [];
  for (const key of known.filter((k) => k.type === SIG_TYPE_ED25519)) {
    const signature = signatureBy(parsed, key);
    if (!signature) continue;
    if (!verifyEd25519(key.publicKey, encoder.encode(parsed.text), signature.body)) {
      throw ledgerError('BAD_SIGNATURE', `signature by ${key.name} does not verify`, { keyName: key.name });
    }
    verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    throw ledgerError('UNKNOWN_KEY', 'the note carries no signature by a known key', {
      signers: parsed.signatures.map((s) => s.name),
    });
  }
  return { text: parsed.text, verifiedBy };
}
