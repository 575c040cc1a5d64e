// C2SP tlog-checkpoint: `<origin>\n<size>\n<base64 root>\n`, signed as a C2SP signed note.
// LEDGER.md §4: no extension lines; the platform's key name equals the origin.
import { ledgerError } from './errors.js';
import { HASH_SIZE, assertHash } from './hash.js';
import { fromBase64, openNote, parseNote, signNote, toBase64, type NoteSigner, type VerifierKey } from './note.js';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
}

function malformed(reason: string): Error {
  return ledgerError('CHECKPOINT_MALFORMED', `checkpoint is malformed: ${reason}`, { reason });
}

/** The checkpoint body text (C2SP tlog-checkpoint "Note text"). */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new RangeError('size must be a safe non-negative integer');
  assertHash(checkpoint.root, 'root');
  if (!checkpoint.origin || /[\n]/u.test(checkpoint.origin)) throw new RangeError('origin must be a non-empty line');
  return `${checkpoint.origin}\n${checkpoint.size}\n${toBase64(checkpoint.root)}\n`;
}

/** Parses checkpoint body text strictly; throws LEDGER.CHECKPOINT_MALFORMED with the reason. */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw malformed('text does not end with a newline');
  lines.pop();
  if (lines.some((l) => l === '')) throw malformed('extra blank line');
  if (lines.length < 3) throw malformed('expected origin, size and root lines');
  if (lines.length > 3) throw malformed('unexpected extension lines');
  const [origin = '', sizeText = '', rootText = ''] = lines;
  if (origin.length === 0 || origin.trim() !== origin) throw malformed('empty or padded origin');
  if (!/^(0|[1-9]\d*)$/u.test(sizeText)) throw malformed(`size "${sizeText}" is not a decimal without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed(`size ${sizeText} is beyond 2^53`);
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw malformed('root is not base64 of 32 bytes');
  return { origin, size, root };
}

/** Signs a checkpoint: the signer's key name must equal the origin (LEDGER.md §4). */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  if (signer.name !== checkpoint.origin) throw new RangeError(`key name ${signer.name} is not the origin ${checkpoint.origin}`);
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Opens a signed checkpoint from a known log key: the note must carry a valid signature by
 * `logKey`, whose name is the origin. Throws LEDGER.* errors naming what failed.
 */
export function openCheckpoint(note: string, logKey: VerifierKey): Checkpoint & { text: string } {
  // structure first, so a malformed note is reported as such rather than as a bad signature
  const checkpoint = parseCheckpointText(parseNote(note).text);
  const { text } = openNote(note, [logKey]);
  if (checkpoint.origin !== logKey.name) {
    throw ledgerError('UNKNOWN_ORIGIN', `checkpoint origin ${checkpoint.origin} is not ${logKey.name}`, { origin: checkpoint.origin });
  }
  return { ...checkpoint, text };
}
