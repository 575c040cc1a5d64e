// C2SP tlog-proof@v1 (https://c2sp.org/tlog-proof, LEDGER.md §8): an offline proof that an
// entry is in the log and that witnesses observed the checkpoint covering it.
//
//   c2sp.org/tlog-proof@v1
//   extra <base64 of the entry's exact leaf bytes>
//   index <N>
//   <base64 hash>            zero or more: leaf's sibling up to the root's child (RFC 6962 §2.1.1)
//   <empty line>
//   <checkpoint verbatim, cosignatures included>   (C2SP tlog-checkpoint, tlog-cosignature)
//
// Extra data is not authenticated by itself: only its leaf hash is, through the inclusion
// proof. Parsing is strict: a file is accepted only if formatting what was parsed gives back
// exactly the same bytes, so there is one encoding of every proof.
import { openCheckpoint, parseCheckpointText } from './checkpoint.js';
import { parseCosignatureLine, verifyCosignature } from './cosignature.js';
import { ledgerError } from './errors.js';
import { HASH_SIZE, equalBytes, leafHash } from './hash.js';
import { fromBase64, parseNote, toBase64, SIG_TYPE_COSIGNATURE, SIG_TYPE_ED25519, type VerifierKey } from './note.js';
import type { CheckpointView } from './ledger.js';
import type { InclusionProof } from './proofs.js';
import type { StoredCheckpoint, StoredEntry } from './ports.js';
import { verifyInclusion } from './verify.js';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
/** A proof of a 2^53-leaf tree needs 53 hashes; anything longer is refused before any work. */
const MAX_PROOF_HASHES = 64;
/** Leaf bytes larger than this are refused unread (an invoice entry is a few kilobytes). */
export const MAX_EXTRA_BYTES = 1 << 20;

export interface TlogProof {
  /** Opaque extra data; here the entry's exact leaf bytes. */
  readonly extra: Uint8Array | null;
  readonly index: number;
  /** RFC 6962 §2.1.1 audit path, leaf's sibling first. */
  readonly proof: readonly Uint8Array[];
  /** The checkpoint's signed note exactly as the log (and witnesses) signed it. */
  readonly checkpoint: string;
}

function malformed(reason: string): Error {
  return ledgerError('PROOF_MALFORMED', `tlog-proof is malformed: ${reason}`, { reason });
}

/** Formats a proof as C2SP tlog-proof@v1 text (ends with the checkpoint's final newline). */
export function formatTlogProof(proof: TlogProof): string {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) throw new RangeError(`index ${proof.index} must be a safe non-negative integer`);
  for (const hash of proof.proof) {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new RangeError('every proof hash must be 32 bytes');
  }
  if (typeof proof.checkpoint !== 'string' || !proof.checkpoint.endsWith('\n')) throw new RangeError('checkpoint must be a signed note ending in a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== null) lines.push(`extra ${toBase64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.proof.map(toBase64), '');
  return `${lines.join('\n')}\n${proof.checkpoint}`;
}

/**
 * Parses a tlog-proof strictly (the file as bytes or text). Any deviation — an unknown or
 * misplaced line, padding, a leading zero, non-canonical base64, a hash that is not 32 bytes, a
 * checkpoint that is not a well-formed signed note — throws DomainError LEDGER.PROOF_MALFORMED
 * naming it. Signatures are not checked here: that is verifyTlogProof's job.
 */
export function parseTlogProof(input: string | Uint8Array): TlogProof {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw malformed('not UTF-8');
    }
  } else throw new TypeError('proof must be a string or bytes');
  if (text.length > 4 * MAX_EXTRA_BYTES) throw malformed('too large');

  const split = text.indexOf('\n\n');
  if (split < 0) throw malformed('no empty line before the checkpoint');
  const head = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  if (head[0] !== TLOG_PROOF_HEADER) throw malformed(`first line must be ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Uint8Array | null = null;
  if (head[at]?.startsWith('extra ')) {
    const encoded = (head[at] as string).slice('extra '.length);
    if (encoded.length > Math.ceil(MAX_EXTRA_BYTES / 3) * 4) throw malformed('extra data too large');
    extra = fromBase64(encoded);
    if (extra === null) throw malformed('extra is not canonical base64');
    at += 1;
  }
  const indexMatch = /^index (0|[1-9]\d{0,15})$/u.exec(head[at] ?? '');
  if (!indexMatch) throw malformed('expected "index N" in decimal without leading zeros');
  const index = Number(indexMatch[1]);
  if (!Number.isSafeInteger(index)) throw malformed('index beyond 2^53');
  const hashLines = head.slice(at + 1);
  if (hashLines.length > MAX_PROOF_HASHES) throw malformed('too many proof hashes');
  const proof = hashLines.map((line, i) => {
    const hash = fromBase64(line);
    if (!hash || hash.length !== HASH_SIZE) throw malformed(`proof line ${i + 1} is not base64 of a 32-byte hash`);
    return hash;
  });
  let signers: readonly { name: string; keyId: Uint8Array }[];
  try {
    const note = parseNote(checkpoint);
    parseCheckpointText(note.text);
    signers = note.signatures;
  } catch (error) {
    throw malformed(`checkpoint: ${(error as Error).message}`);
  }
  // one line per key: a repeated signer is not a second witness
  const keys = signers.map((s) => `${s.name} ${Buffer.from(s.keyId).toString('hex')}`);
  if (new Set(keys).size !== keys.length) throw malformed('checkpoint: a key signs twice');
  const parsed: TlogProof = { extra, index, proof, checkpoint };
  // one encoding per proof: anything formatting would not reproduce is refused
  if (formatTlogProof(parsed) !== text) throw malformed('not in canonical form');
  return parsed;
}

/** The policy a verifier holds (LEDGER.md §8): the log's key and the witnesses it trusts. */
export interface TlogProofPolicy {
  /** The log's Ed25519 (type 0x01) verifier key; its name is the origin. */
  readonly logKey: VerifierKey;
  /** Witness (type 0x04) keys whose cosignatures count. */
  readonly witnessKeys: readonly VerifierKey[];
  /** How many of witnessKeys must have cosigned; default: all of them. */
  readonly quorum?: number;
}

export type TlogProofCheck = 'format' | 'checkpoint-signature' | 'cosignature' | 'leaf' | 'inclusion';

export interface WitnessedBy {
  readonly name: string;
  /** Unix seconds the witness put in its cosignature. */
  readonly timestamp: number;
}

export type TlogProofVerdict =
  | {
    readonly ok: true;
    readonly origin: string;
    readonly index: number;
    /** The checkpoint's size: everything proven holds "as of size N". */
    readonly size: number;
    readonly root: Uint8Array;
    readonly leafHash: Uint8Array;
    /** The authenticated leaf bytes (extra, now bound by the proof). */
    readonly leafData: Uint8Array;
    readonly cosignedBy: readonly WitnessedBy[];
  }
  | { readonly ok: false; readonly failed: TlogProofCheck; readonly reason: string };

function refuse(failed: TlogProofCheck, reason: string): TlogProofVerdict {
  return { ok: false, failed, reason };
}

/**
 * Verifies a tlog-proof offline against a policy (LEDGER.md §8, C2SP tlog-proof "Verification"):
 * the checkpoint's log signature, the required witness cosignatures (C2SP tlog-cosignature),
 * the leaf hash of the extra data (RFC 9162 §2.1.1) and its inclusion proof (§2.1.3.2).
 * Untrusted input never throws: the verdict names the first check that failed. Throws
 * RangeError only when the policy itself is unusable (a caller bug).
 */
export function verifyTlogProof(input: TlogProof | string | Uint8Array, policy: TlogProofPolicy): TlogProofVerdict {
  if (policy.logKey.type !== SIG_TYPE_ED25519) throw new RangeError('policy.logKey must be a type 0x01 key');
  if (policy.witnessKeys.some((k) => k.type !== SIG_TYPE_COSIGNATURE)) throw new RangeError('policy.witnessKeys must be type 0x04 keys');
  const quorum = policy.quorum ?? policy.witnessKeys.length;
  if (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > policy.witnessKeys.length) throw new RangeError('policy.quorum out of range');

  let proof: TlogProof;
  try {
    proof = typeof input === 'string' || input instanceof Uint8Array ? parseTlogProof(input) : parseTlogProof(formatTlogProof(input));
  } catch (error) {
    return refuse('format', (error as Error).message);
  }
  let checkpoint: ReturnType<typeof openCheckpoint>;
  try {
    checkpoint = openCheckpoint(proof.checkpoint, policy.logKey);
  } catch (error) {
    return refuse('checkpoint-signature', (error as Error).message);
  }
  const cosignedBy: WitnessedBy[] = [];
  const lines = parseNote(proof.checkpoint).signatures;
  for (const witness of policy.witnessKeys) {
    const line = lines.find((s) => s.name === witness.name && equalBytes(s.keyId, witness.keyId));
    if (!line) continue;
    let cosignature: ReturnType<typeof parseCosignatureLine>;
    try {
      cosignature = parseCosignatureLine(line.line);
    } catch (error) {
      return refuse('cosignature', `${witness.name}: ${(error as Error).message}`);
    }
    if (!verifyCosignature(checkpoint.text, cosignature, witness)) return refuse('cosignature', `cosignature by ${witness.name} does not verify`);
    cosignedBy.push({ name: witness.name, timestamp: cosignature.timestamp });
  }
  if (cosignedBy.length < quorum) {
    return refuse('cosignature', `${cosignedBy.length} of the ${quorum} required witness cosignatures are present`);
  }
  if (proof.extra === null) return refuse('leaf', 'the proof carries no leaf bytes (extra)');
  const hash = leafHash(proof.extra);
  if (proof.index >= checkpoint.size) return refuse('inclusion', `index ${proof.index} is not below the checkpoint size ${checkpoint.size}`);
  if (!verifyInclusion({ index: proof.index, size: checkpoint.size, leafHash: hash, proof: proof.proof, root: checkpoint.root })) {
    return refuse('inclusion', `the inclusion proof does not reproduce the root of size ${checkpoint.size}`);
  }
  return {
    ok: true, origin: checkpoint.origin, index: proof.index, size: checkpoint.size, root: checkpoint.root,
    leafHash: hash, leafData: proof.extra, cosignedBy,
  };
}

/** What buildTlogProof needs of a ledger (the platform's Ledger has it; a mirror can too). */
export interface TlogProofSource {
  entry(index: number): StoredEntry;
  inclusionProof(index: number, size: number): InclusionProof;
  checkpointsAfter(afterSize: number, limit: number): StoredCheckpoint[];
  checkpoint(size: number): CheckpointView | null;
}

// the first checkpoint after an entry is normally cosigned within a block interval: read few at a time
const CHECKPOINT_PAGE = 4;

/**
 * The proof for entry `index` against the SMALLEST cosigned checkpoint covering it (LEDGER.md
 * §8: the shortest proof, and the earliest witnessed state). Throws DomainError
 * LEDGER.NO_SUCH_ENTRY, or LEDGER.NOT_COSIGNED while no cosigned checkpoint covers it yet.
 */
export function buildTlogProof(ledger: TlogProofSource, index: number): TlogProof {
  const entry = ledger.entry(index);
  let after = index;
  for (;;) {
    const page = ledger.checkpointsAfter(after, CHECKPOINT_PAGE);
    for (const stored of page) {
      const view = ledger.checkpoint(stored.size);
      if (view && view.cosignatures.length > 0) {
        const inclusion = ledger.inclusionProof(index, view.size);
        return { extra: entry.data, index, proof: inclusion.proof, checkpoint: view.cosignedNote };
      }
    }
    if (page.length < CHECKPOINT_PAGE) break;
    after = (page.at(-1) as StoredCheckpoint).size;
  }
  throw ledgerError('NOT_COSIGNED', `no cosigned checkpoint covers entry ${index} yet`, { index });
}
