// The payer's page at the applyUrl (/apply?token=…, issue 13): the payment (merchant, amount,
// time, items), the 抬头 form, then the invoice's progress applied → issued → final without a
// reload (browser/apply.ts polls invoiceByApplyToken), its QR code and its documents. A bad,
// expired or unknown token gets a page that says so — never JSON, never a stack.
import express, { type Request, type Response } from 'express';
import { invoiceDocumentFromLeaf, qrMatrix, verificationUrl } from '../documents/index.js';
import { formatYuan } from '../domain/index.js';
import type { Platform } from '../platform/platform.js';
import { escapeHtml, jsonForHtml, pageAssetsRouter, pageShell, sendPage, setPageHeaders } from './http.js';

/** Chinese and English side by side; the page's toggle shows one of them. */
const t = (zh: string, en: string): string => `<span lang="zh-CN">${zh}</span><span lang="en" hidden>${en}</span>`;

function header(): string {
  return `<header class="bar"><h1>${t('开具电子发票', 'Get your e-invoice')}</h1><button type="button" id="lang" aria-label="切换语言 / Switch language">EN</button></header>`;
}

/** The access decision of the page: a valid, unexpired token names the payment it shows. */
export function paymentOfApplyToken(platform: Platform, token: unknown): string | null {
  return typeof token === 'string' && token.length <= 200 ? platform.tokens.paymentOf(token) : null;
}

function tokenProblemPage(): string {
  const body = `${header()}<main><section class="card" role="alert"><h2>${t('链接无效或已过期', 'This link is not valid or has expired')}</h2>
<p>${t('开票链接有效期为 30 天，且只属于一笔付款。请向商家索取新的开票二维码，或联系商家为您开票。', 'An invoice link lasts 30 days and belongs to one payment. Ask the merchant for a new invoice code, or ask them to issue the invoice for you.')}</p></section></main>`;
  return pageShell({ lang: 'zh-CN', title: '开具电子发票', script: 'apply', body });
}

function applyPageHtml(platform: Platform, paymentId: string, token: string): string | null {
  const payment = platform.payments.get(paymentId);
  if (!payment) return null;
  const merchant = platform.merchants.get(payment.merchantId);
  const paidAt = new Date(payment.paidAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const items = (payment.items ?? [{ name: payment.description, quantity: '1', unitPrice: payment.amount }])
    .map((i) => `<tr><td>${escapeHtml(i.name)}</td><td class="num">${escapeHtml(String(i.quantity))}</td><td class="num">${formatYuan(i.unitPrice)}</td></tr>`).join('');
  const body = `${header()}
<main>
<section class="card" aria-labelledby="pay-title">
  <h2 id="pay-title">${t('付款信息', 'Your payment')}</h2>
  <dl class="facts">
    <dt>${t('商家', 'Merchant')}</dt><dd id="merchant">${escapeHtml(merchant?.name ?? payment.merchantId)}</dd>
    <dt>${t('金额', 'Amount')}</dt><dd id="amount">¥${formatYuan(payment.amount)}</dd>
    <dt>${t('时间', 'Time')}</dt><dd>${escapeHtml(paidAt)}</dd>
  </dl>
  <table class="lines"><caption class="hint">${t('商品', 'Items')}</caption><thead><tr><th>${t('名称', 'Item')}</th><th class="num">${t('数量', 'Qty')}</th><th class="num">${t('单价', 'Price')}</th></tr></thead><tbody>${items}</tbody></table>
</section>
<section class="card" id="form-card" aria-labelledby="form-title">
  <h2 id="form-title">${t('发票抬头', 'Invoice title')}</h2>
  <form id="apply" novalidate>
    <fieldset><legend class="hint">${t('抬头类型', 'Title type')}</legend>
      <label><input type="radio" name="buyerType" value="INDIVIDUAL" checked> ${t('个人', 'Individual')}</label>
      <label><input type="radio" name="buyerType" value="ORGANIZATION"> ${t('单位', 'Organisation')}</label>
    </fieldset>
    <label for="buyerName">${t('名称', 'Name')}</label>
    <input type="text" id="buyerName" name="buyerName" autocomplete="name" maxlength="100" required aria-describedby="buyerName-error">
    <p class="error" id="buyerName-error" aria-live="polite"></p>
    <div id="taxpayer-row">
      <label for="taxpayerId">${t('纳税人识别号（统一社会信用代码）', 'Taxpayer id (unified social credit code)')}</label>
      <input type="text" id="taxpayerId" name="taxpayerId" autocomplete="off" maxlength="18" spellcheck="false" aria-describedby="taxpayerId-error">
      <p class="error" id="taxpayerId-error" aria-live="polite"></p>
    </div>
    <label for="email">${t('电子邮箱（选填）', 'Email (optional)')}</label>
    <input type="email" id="email" name="email" autocomplete="email" maxlength="254" aria-describedby="email-error">
    <p class="error" id="email-error" aria-live="polite"></p>
    <button type="submit" class="primary" id="submit">${t('提交开票', 'Request the invoice')}</button>
    <p class="error" id="form-error" role="alert"></p>
  </form>
</section>
<section class="card" id="invoice-card" aria-live="polite" hidden>
  <h2>${t('发票', 'Invoice')} <span class="status" id="status" data-status="APPLIED"></span></h2>
  <ol class="hint" id="progress"><li>${t('已申请', 'Applied')}</li><li>${t('已开具', 'Issued')}</li><li>${t('税务节点已副署（最终）', 'Cosigned by the tax node (final)')}</li></ol>
  <div id="issued" hidden>
    <img class="qr" id="qr" alt="查验二维码 / verification QR code">
    <dl class="facts">
      <dt>${t('发票号码', 'Number')}</dt><dd id="inv-number"></dd>
      <dt>${t('开票日期', 'Date')}</dt><dd id="inv-date"></dd>
      <dt>${t('金额', 'Net')}</dt><dd id="inv-net"></dd>
      <dt>${t('税额', 'Tax')}</dt><dd id="inv-tax"></dd>
      <dt>${t('价税合计', 'Total')}</dt><dd id="inv-gross"></dd>
      <dt>${t('大写', 'In capitals')}</dt><dd id="inv-capital"></dd>
    </dl>
    <div class="buttons"><a id="dl-pdf" download>PDF</a><a id="dl-xml" download>XML</a><a id="dl-proof" download>.tlog-proof</a></div>
  </div>
  <p class="hint">${t('抬头填错了？请联系商家：商家会开具红字发票冲销本票，再按正确抬头重新开具。', 'Wrong title? Ask the merchant: they reverse this invoice with a red-letter invoice and issue a new one with the right title.')}</p>
</section>
</main>
<script type="application/json" id="state">${jsonForHtml({ token })}</script>`;
  return pageShell({ lang: 'zh-CN', title: '开具电子发票', script: 'apply', body });
}

export function applyPageRouter(platform: Platform, options: { taxNodePublicUrl: string }): express.Router {
  const router = express.Router();
  router.use(pageAssetsRouter(['apply']));
  router.get('/apply', (req: Request, res: Response) => {
    const token = req.query['token'];
    const paymentId = paymentOfApplyToken(platform, token);
    const html = paymentId ? applyPageHtml(platform, paymentId, token as string) : null;
    res.set('Cache-Control', 'no-store');
    if (!html) return sendPage(res, 404, tokenProblemPage());
    sendPage(res, 200, html);
  });
  // the 查验 QR code of the token's issued invoice, as SVG (the link to the tax node's page)
  router.get('/apply/qr.svg', (req: Request, res: Response) => {
    const paymentId = paymentOfApplyToken(platform, req.query['token']);
    const invoice = paymentId ? platform.invoiceDeps.invoices.latestBlueForPayment(paymentId) : null;
    if (!invoice || invoice.issuedIndex === null) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no issued invoice' } });
      return;
    }
    const doc = invoiceDocumentFromLeaf(platform.ledger.entry(invoice.issuedIndex).data, invoice.issuedIndex);
    const m = qrMatrix(verificationUrl(doc, options.taxNodePublicUrl));
    let path = '';
    for (let r = 0; r < m.size; r += 1) for (let c = 0; c < m.size; c += 1) if (m.isDark(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
    setPageHeaders(res);
    res.type('image/svg+xml').set('Cache-Control', 'private, no-cache')
      .send(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${m.size + 8} ${m.size + 8}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`);
  });
  return router;
}
