// C2SP tlog-cosignature: a witness's timestamped Ed25519 signature (type 0x04) over
// "cosignature/v1\ntime <unix seconds>\n" ‖ checkpoint text. Its line carries
// base64(key id ‖ u64 big-endian timestamp ‖ 64-byte signature).
import { ledgerError } from './errors.js';
import { signEd25519, verifyEd25519 } from './ed25519.js';
import { equalBytes } from './hash.js';
import { SIG_TYPE_COSIGNATURE, fromBase64, signatureLine, type NoteSigner, type VerifierKey } from './note.js';

export interface Cosignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly timestamp: number;
  readonly signature: Uint8Array;
  /** The full `— name base64` line, ready to append to the checkpoint's note. */
  readonly line: string;
}

const encoder = new TextEncoder();

function cosignedMessage(checkpointText: string, timestamp: number): Uint8Array {
  return encoder.encode(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** Cosigns a checkpoint text as a witness (tlog-cosignature §"Signed message"). */
export function cosignCheckpoint(checkpointText: string, signer: NoteSigner, timestamp: number): Cosignature {
  if (signer.type !== SIG_TYPE_COSIGNATURE) throw new RangeError('a cosigner key has signature type 0x04');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be unix seconds');
  const signature = signEd25519(signer.keys.privateKey, cosignedMessage(checkpointText, timestamp));
  const body = new Uint8Array(8 + 64);
  new DataView(body.buffer).setBigUint64(0, BigInt(timestamp));
  body.set(signature, 8);
  return { name: signer.name, keyId: signer.keyId, timestamp, signature, line: signatureLine(signer.name, signer.keyId, body) };
}

/** Parses a cosignature line; throws LEDGER.COSIGNATURE_MALFORMED. */
export function parseCosignatureLine(line: string): Cosignature {
  const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
  const raw = match ? fromBase64(match[2] ?? '') : null;
  if (!match || !raw || raw.length !== 4 + 8 + 64) {
    throw ledgerError('COSIGNATURE_MALFORMED', 'cosignature line must be "— name base64(keyid ‖ time ‖ signature)"');
  }
  const timestamp = new DataView(raw.buffer, raw.byteOffset).getBigUint64(4);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw ledgerError('COSIGNATURE_MALFORMED', 'timestamp out of range');
  return { name: match[1] ?? '', keyId: raw.subarray(0, 4), timestamp: Number(timestamp), signature: raw.subarray(12), line };
}

/** True when `cosignature` is a valid type-0x04 signature by `witness` over the checkpoint text. */
export function verifyCosignature(checkpointText: string, cosignature: Cosignature, witness: VerifierKey): boolean {
  if (witness.type !== SIG_TYPE_COSIGNATURE) return false;
  if (cosignature.name !== witness.name || !equalBytes(cosignature.keyId, witness.keyId)) return false;
  return verifyEd25519(witness.publicKey, cosignedMessage(checkpointText, cosignature.timestamp), cosignature.signature);
}
