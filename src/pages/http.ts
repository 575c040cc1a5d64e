// What every page shares: a Content-Security-Policy that allows this origin only (no CDN, no
// font or analytics host, no inline script), HTML escaping, the stylesheet and the bundled
// scripts under /assets/.
import { createRequire } from 'node:module';
import express, { type Request, type Response } from 'express';
import { pageScript, type PageScript } from './bundle.js';
import { PAGE_CSS } from './style.js';

/** The CJK font the PDFs embed, from the npm registry (@expo-google-fonts/noto-sans-sc). */
const FONT_FILE = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export function setPageHeaders(res: Response): void {
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ESCAPES[c] ?? c);
}

/** A JSON value safe inside <script type="application/json"> (no "</script>" can close it). */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c');
}

export function sendPage(res: Response, status: number, html: string): void {
  setPageHeaders(res);
  res.status(status).type('text/html; charset=utf-8').send(html);
}

export function pageAssetsRouter(scripts: readonly PageScript[]): express.Router {
  const router = express.Router();
  for (const name of scripts) {
    router.get(`/assets/${name}.js`, async (_req: Request, res: Response) => {
      setPageHeaders(res);
      res.type('text/javascript; charset=utf-8').set('Cache-Control', 'no-cache').send(await pageScript(name));
    });
  }
  router.get('/assets/noto-sans-sc.ttf', (_req: Request, res: Response) => {
    setPageHeaders(res);
    res.sendFile(FONT_FILE, { maxAge: '365d', immutable: true, headers: { 'Content-Type': 'font/ttf' } });
  });
  router.get('/assets/pages.css', (_req: Request, res: Response) => {
    setPageHeaders(res);
    res.type('text/css; charset=utf-8').set('Cache-Control', 'no-cache').send(PAGE_CSS);
  });
  return router;
}

export function pageShell(options: { lang: string; title: string; script: PageScript | null; body: string }): string {
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="/assets/pages.css">
${options.script ? `<script type="module" src="/assets/${options.script}.js"></script>` : ''}
</head>
<body>
${options.body}
</body>
</html>
`;
}
