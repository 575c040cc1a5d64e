// Sends a rendered document with the headers issue 12 asks for: its content type, a download
// filename `<number>.<ext>`, a strong ETag (SHA-256 of the exact bytes, so equal bytes on any
// node give the same tag) and 304 when the client already holds those bytes.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

export type DocumentFormat = 'pdf' | 'xml' | 'tlog-proof';

const CONTENT_TYPES: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  xml: 'application/xml; charset=utf-8',
  'tlog-proof': 'text/plain; charset=utf-8',
};

/** A strong validator (RFC 9110 §8.8.3): quoted, no W/ prefix, from the bytes alone. */
export function strongEtag(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url')}"`;
}

/** True when an If-None-Match header (a list, or *) names `etag` (RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === etag);
}

export function sendDocument(req: Request, res: Response, format: DocumentFormat, filename: string, bytes: Uint8Array): void {
  const etag = strongEtag(bytes);
  res.set('ETag', etag);
  // documents are per-person: no shared cache may keep them
  res.set('Cache-Control', 'private, no-cache');
  if (matches(req.get('If-None-Match'), etag)) {
    res.status(304).end();
    return;
  }
  res.set('Content-Type', CONTENT_TYPES[format]);
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.set('X-Content-Type-Options', 'nosniff');
  res.status(200).end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** 404 in the shape every route uses; unauthorised and absent look the same (no oracle). */
export function documentNotFound(res: Response): void {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such document' } });
}
