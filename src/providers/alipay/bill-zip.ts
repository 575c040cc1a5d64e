// Reads the 业务明细 CSV out of Alipay's bill download (a zip holding `<pid>_<yyyyMMdd>_业务明细.csv`
// and `…_业务明细(汇总).csv`, both GBK, entry names in GBK without the UTF-8 flag) as lines,
// streaming: compressed chunks go through fflate's Unzip in slices of 16 KiB, the detail entry
// through a GBK decoder, and lines are handed out as they complete. Memory stays bounded by a
// slice's inflation (deflate expands at most ~1032×, so ≤ ~16 MiB), one line (≤ 64 KiB) and the
// lines of one slice; the whole entry is capped at 1 GiB (a day of 10^6 rows is ~300 MB).
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import iconv from 'iconv-lite';
import { DomainError } from '../../domain/index.js';

const SLICE_BYTES = 16 * 1024;
const MAX_LINE_CHARS = 64 * 1024;
export const MAX_BILL_BYTES = 1024 * 1024 * 1024;

function malformed(message: string, line: number | null = null): DomainError {
  return new DomainError('BILL.MALFORMED', line === null ? `Alipay bill: ${message}` : `Alipay bill line ${line}: ${message}`, { line });
}

/** An entry name as Alipay wrote it: fflate gives a name without the UTF-8 flag as latin1 code units. */
function entryNames(name: string): string[] {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u00ff]*$/u.test(name) ? [name, iconv.decode(Buffer.from(name, 'latin1'), 'gbk')] : [name];
}

/** True for the detail file (业务明细.csv), not the summary (业务明细(汇总).csv). */
export function isDetailEntry(name: string): boolean {
  return entryNames(name).some((n) => /业务明细\.csv$/u.test(n));
}

/** Yields the detail CSV's lines (without line ends). Throws DomainError BILL.MALFORMED for a corrupt zip or no detail entry. */
export async function* alipayBillLines(zip: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<string> {
  const ready: string[] = [];
  let pending = '';
  let failure: DomainError | null = null;
  let found = 0;
  let finished = false;
  let bytes = 0;
  let lineNo = 0;
  const decoder = iconv.getDecoder('gbk');
  const take = (text: string): void => {
    const parts = (pending + text).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      lineNo += 1;
      ready.push(part.endsWith('\r') ? part.slice(0, -1) : part);
    }
    if (pending.length > MAX_LINE_CHARS) failure ??= malformed(`a line is longer than ${MAX_LINE_CHARS} characters`, lineNo + 1);
  };

  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file: UnzipFile) => {
    if (!isDetailEntry(file.name) || (found += 1) > 1) {
      if (found > 1) failure ??= malformed('the zip holds more than one 业务明细 file');
      file.ondata = () => undefined; // drained, so fflate does not keep its chunks
      file.start();
      return;
    }
    file.ondata = (error, chunk, final) => {
      if (error) {
        failure ??= malformed('the zip is corrupt');
        return;
      }
      bytes += chunk.length;
      if (bytes > MAX_BILL_BYTES) {
        failure ??= malformed(`the 业务明细 file is larger than ${MAX_BILL_BYTES} bytes`);
        return;
      }
      if (failure === null) take(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)));
      if (final) {
        // fflate checks no CRC; the size in the local header at least must match what inflated
        if (file.originalSize !== undefined && file.originalSize !== bytes) failure ??= malformed('the 业务明细 file inflates to another size than the zip says');
        take((decoder.end() ?? '') + '\n');
        if (pending === '' && ready.at(-1) === '') {
          ready.pop(); // the file's last line end, not an empty line
          lineNo -= 1;
        }
        finished = true;
      }
    };
    file.start();
  };

  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      unzip.push(chunk, final);
    } catch {
      failure ??= malformed('the zip is corrupt');
    }
  };
  for await (const chunk of zip) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      push(chunk.subarray(at, at + SLICE_BYTES), false);
      if (failure) throw failure;
      yield* ready.splice(0);
    }
  }
  push(new Uint8Array(0), true);
  if (failure) throw failure;
  yield* ready.splice(0);
  if (found === 0) throw malformed('the zip holds no 业务明细 file');
  if (!finished) throw malformed('the zip ends inside the 业务明细 file');
}
