// The tax node's public 查验 page at /verify (issue 13): a form (number, date, amount),
// prefilled from the invoice's QR link, and a drop zone for a .tlog-proof. Every check runs in
// the browser (browser/verify.ts) against the keys this node embeds in the page.
import express, { type Request, type Response } from 'express';
import { formatVerifierKey, type VerifierKey } from '../ledger/index.js';
import { escapeHtml, jsonForHtml, pageAssetsRouter, pageShell, sendPage } from './http.js';

export interface VerifyPageTrust {
  /** The followed platforms' log keys (type 0x01). */
  readonly logKeys: readonly VerifierKey[];
  /** This node's witness key (type 0x04). */
  readonly witnessKeys: readonly VerifierKey[];
}

function prefill(req: Request, name: string, pattern: RegExp): string {
  const value = req.query[name];
  return typeof value === 'string' && pattern.test(value) ? value : '';
}

export function verifyPageHtml(trust: { logKeys: string[]; witnessKeys: string[] }, values: { number: string; date: string; amount: string; leaf: string }): string {
  const keyList = [...trust.logKeys.map((k) => `<li>日志 log: <code>${escapeHtml(k)}</code></li>`), ...trust.witnessKeys.map((k) => `<li>见证 witness: <code>${escapeHtml(k)}</code></li>`)].join('');
  const body = `
<header class="bar"><h1>发票查验 <span lang="en">Invoice check</span></h1></header>
<main>
<section class="card" aria-labelledby="q-title">
  <h2 id="q-title">输入发票信息 <span lang="en" class="hint">Enter the invoice</span></h2>
  <form id="query" novalidate>
    <label for="number">发票号码 Number</label>
    <input type="text" id="number" name="number" inputmode="numeric" autocomplete="off" maxlength="20" value="${escapeHtml(values.number)}" required>
    <label for="date">开票日期 Date</label>
    <input type="date" id="date" name="date" value="${escapeHtml(values.date)}" required>
    <label for="amount">价税合计（元）Total (yuan)</label>
    <input type="text" id="amount" name="amount" inputmode="decimal" autocomplete="off" maxlength="20" value="${escapeHtml(values.amount)}" required>
    <input type="hidden" id="leaf" name="leaf" value="${escapeHtml(values.leaf)}">
    <button type="submit" class="primary" id="check">查验 Check</button>
    <p class="error" id="query-error" role="alert"></p>
  </form>
  <div class="drop" id="drop">
    <label for="proof-file">或拖入 / 选择 .tlog-proof 文件，完全离线校验<br><span lang="en" class="hint">or drop / choose a .tlog-proof file to check entirely offline</span></label>
    <input type="file" id="proof-file" accept=".tlog-proof,text/plain">
  </div>
</section>
<section class="card" id="result" aria-live="polite" hidden>
  <h2>查验结果 <span lang="en" class="hint">Result</span></h2>
  <p class="verdict" id="verdict"></p>
  <ul class="checks" id="checks">
    <li data-check="leaf"><span class="mark" aria-hidden="true"></span><span><strong>条目哈希 Leaf hash</strong> <span class="why"></span></span></li>
    <li data-check="inclusion"><span class="mark" aria-hidden="true"></span><span><strong>包含证明 Inclusion</strong> <span class="why"></span></span></li>
    <li data-check="checkpoint"><span class="mark" aria-hidden="true"></span><span><strong>平台签名 Checkpoint signature</strong> <span class="why"></span></span></li>
    <li data-check="cosignature"><span class="mark" aria-hidden="true"></span><span><strong>税务节点副署 Cosignature</strong> <span class="why"></span></span></li>
  </ul>
  <dl class="facts" id="facts"></dl>
</section>
<section class="card" aria-labelledby="t-title">
  <h2 id="t-title">信任来自您的浏览器 <span lang="en" class="hint">Trust comes from your browser</span></h2>
  <p>证明在本机浏览器中校验，不依赖服务器的结论；使用下列公钥（由本节点嵌入页面，可与公布的 vkey 对照）。<br><span lang="en" class="hint">The proof is checked locally in this browser against these keys, embedded by this node; compare them with the published vkeys.</span></p>
  <ul class="mono" id="keys">${keyList}</ul>
</section>
</main>
<script type="application/json" id="trust">${jsonForHtml(trust)}</script>`;
  return pageShell({ lang: 'zh-CN', title: '发票查验 Invoice check', script: 'verify', body });
}

export function verifyPageRouter(trust: () => VerifyPageTrust): express.Router {
  const router = express.Router();
  router.use(pageAssetsRouter(['verify']));
  router.get('/verify', (req: Request, res: Response) => {
    const t = trust();
    const values = {
      number: prefill(req, 'number', /^\d{1,20}$/u), date: prefill(req, 'date', /^\d{4}-\d{2}-\d{2}$/u),
      amount: prefill(req, 'amount', /^-?\d{1,13}(\.\d{1,2})?$/u), leaf: prefill(req, 'leaf', /^[A-Za-z0-9_-]{43}$/u),
    };
    sendPage(res, 200, verifyPageHtml({ logKeys: t.logKeys.map(formatVerifierKey), witnessKeys: t.witnessKeys.map(formatVerifierKey) }, values));
  });
  return router;
}
