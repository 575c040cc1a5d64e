// An offline GraphQL explorer at GET /graphql for browsers (Accept: text/html), on both nodes
// (issue 13): a query, its variables and an API key (sent as Authorization: Bearer), run
// against this node's own /graphql. Everything it loads is served by the node; Apollo's
// CDN-hosted landing page and its usage reporting are disabled (src/graphql/server.ts).
// A small equivalent of GraphiQL rather than GraphiQL itself: no React, one small bundle.
import express, { type NextFunction, type Request, type Response } from 'express';
import { pageAssetsRouter, pageShell, sendPage } from './http.js';

function explorerHtml(nodeName: string): string {
  const body = `
<header class="bar"><h1>GraphQL · ${nodeName}</h1></header>
<main>
<section class="card">
  <form id="explorer">
    <label for="apikey">API key（可选 optional, sent as Authorization: Bearer …）</label>
    <input type="text" id="apikey" name="apikey" autocomplete="off" spellcheck="false">
    <label for="query">查询 Query</label>
    <textarea id="query" name="query" rows="10" spellcheck="false">{ health }</textarea>
    <label for="variables">变量 Variables (JSON)</label>
    <textarea id="variables" name="variables" rows="3" spellcheck="false">{}</textarea>
    <button type="submit" class="primary" id="run">运行 Run (Ctrl+Enter)</button>
  </form>
</section>
<section class="card"><h2>结果 Result</h2><pre class="mono" id="response" aria-live="polite"></pre></section>
</main>`;
  return pageShell({ lang: 'zh-CN', title: `GraphQL · ${nodeName}`, script: 'explorer', body });
}

/** Serves the explorer to a browser's GET /graphql; everything else goes on to Apollo. */
export function explorerRouter(nodeName: string): express.Router {
  const router = express.Router();
  router.use(pageAssetsRouter(['explorer']));
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (!req.accepts(['application/json', 'text/html']) || req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    sendPage(res, 200, explorerHtml(nodeName));
  });
  return router;
}
