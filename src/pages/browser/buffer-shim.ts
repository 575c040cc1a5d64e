// The little of node's Buffer that src/ledger uses (base64 and hex of bytes), for the browser
// bundle; esbuild injects it as the global `Buffer`. Decoding is as lenient as node's only
// where src/ledger re-encodes and compares (fromBase64 keeps canonical input only).
function toBinary(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export class Buffer extends Uint8Array {
  static override from(input: unknown, encoding?: unknown): Buffer {
    if (typeof input === 'string') {
      if (encoding === 'base64' || encoding === 'base64url') {
        let text = input.replace(/-/gu, '+').replace(/_/gu, '/').replace(/[^A-Za-z0-9+/]/gu, '');
        while (text.length % 4 !== 0) text += '=';
        try {
          const bin = atob(text);
          const out = new Buffer(bin.length);
          for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
          return out;
        } catch {
          return new Buffer(0);
        }
      }
      const utf8 = new TextEncoder().encode(input);
      const out = new Buffer(utf8.length);
      out.set(utf8);
      return out;
    }
    const bytes = input as ArrayLike<number>;
    const out = new Buffer(bytes.length);
    out.set(bytes);
    return out;
  }

  override toString(encoding?: string): string {
    if (encoding === 'hex') return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
    if (encoding === 'base64') return btoa(toBinary(this));
    if (encoding === 'base64url') return btoa(toBinary(this)).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
    return new TextDecoder().decode(this);
  }
}
