// The payer's page script: checks the taxpayer id as it is typed with the server's own USCC
// rules (src/domain/taxpayer-id.ts, same message), applies with the apply token over GraphQL,
// shows a refusal beside its field, then follows the invoice applied → issued → final.
import { assertTaxpayerId } from '../../domain/taxpayer-id.js';

const $ = <T extends HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;

// the language toggle: every text is there twice, <span lang="zh-CN"> and <span lang="en">
function setLanguage(lang: 'zh-CN' | 'en'): void {
  document.documentElement.lang = lang;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('body [lang]'))) el.hidden = el.lang !== lang;
  const button = $('lang');
  if (button) button.textContent = lang === 'en' ? '中文' : 'EN';
}
$('lang')?.addEventListener('click', () => setLanguage(document.documentElement.lang === 'en' ? 'zh-CN' : 'en'));

const stateEl = $('state');
const token = stateEl ? (JSON.parse(stateEl.textContent ?? '{}') as { token: string }).token : '';

interface InvoiceView {
  id: string; status: string; final: boolean; number: string | null; issueDate: string | null;
  net: string | null; tax: string | null; gross: string | null; capitalAmount: string | null;
  documents: { pdfUrl: string; xmlUrl: string; proofUrl: string } | null;
}
const INVOICE_FIELDS = 'id status final number issueDate net tax gross capitalAmount documents { pdfUrl xmlUrl proofUrl }';

interface GqlAnswer<T> { data: T | null; errors?: { message: string; extensions?: { code?: string; detail?: string; field?: string } }[] }

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<GqlAnswer<T>> {
  const res = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as never;
}

function fieldError(field: string, message: string): void {
  const el = $(`${field}-error`);
  if (el) el.textContent = message;
}

/** The USCC check of the server, as the payer types: the server's own message, or nothing. */
function taxpayerIdMessage(value: string, required: boolean): string {
  if (value === '') return required ? '单位抬头需填写统一社会信用代码 (an organisation needs its unified social credit code)' : '';
  try {
    assertTaxpayerId(value);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

const form = $<HTMLFormElement>('apply');
const buyerType = (): string => (form?.querySelector<HTMLInputElement>('input[name=buyerType]:checked')?.value ?? 'INDIVIDUAL');
const input = (id: string): HTMLInputElement => $(id) as HTMLInputElement;

input('taxpayerId')?.addEventListener('input', () => {
  const value = input('taxpayerId').value.trim().toUpperCase();
  fieldError('taxpayerId', value.length >= 18 || value.length === 0 ? taxpayerIdMessage(value, false) : '');
});

function showInvoice(inv: InvoiceView): void {
  ($('form-card') as HTMLElement).hidden = true;
  ($('invoice-card') as HTMLElement).hidden = false;
  const status = inv.final && inv.status === 'ISSUED' ? 'FINAL' : inv.status === 'APPLIED' ? 'APPLIED' : inv.status === 'ISSUED' ? 'ISSUED' : inv.status;
  const el = $('status') as HTMLElement;
  el.dataset['status'] = status;
  const labels: Record<string, string> = { APPLIED: '已申请 Applied', ISSUED: '已开具 Issued', FINAL: '最终 Final', REVERSED: '已红冲 Reversed', REVERSAL_REQUIRED: '待红冲 Reversal due' };
  el.textContent = labels[status] ?? status;
  if (inv.number === null || inv.documents === null) return;
  ($('issued') as HTMLElement).hidden = false;
  const set = (id: string, text: string) => void (($(id) as HTMLElement).textContent = text);
  set('inv-number', inv.number);
  set('inv-date', inv.issueDate ?? '');
  set('inv-net', `¥${inv.net ?? ''}`);
  set('inv-tax', `¥${inv.tax ?? ''}`);
  set('inv-gross', `¥${inv.gross ?? ''}`);
  set('inv-capital', inv.capitalAmount ?? '');
  const q = `token=${encodeURIComponent(token)}`;
  const local = (url: string) => `${new URL(url).pathname}?${q}`;
  ($('dl-pdf') as HTMLAnchorElement).href = local(inv.documents.pdfUrl);
  ($('dl-xml') as HTMLAnchorElement).href = local(inv.documents.xmlUrl);
  ($('dl-proof') as HTMLAnchorElement).href = local(inv.documents.proofUrl);
  ($('dl-proof') as HTMLElement).hidden = status !== 'FINAL';
  const qr = $('qr') as HTMLImageElement;
  if (!qr.src) qr.src = `/apply/qr.svg?${q}`;
}

/** Follows the invoice until it is final (cosigned), about once a second. */
async function follow(): Promise<void> {
  for (;;) {
    const r = await graphql<{ invoiceByApplyToken: InvoiceView | null }>(`query($t: String!) { invoiceByApplyToken(token: $t) { ${INVOICE_FIELDS} } }`, { t: token }).catch(() => null);
    const inv = r?.data?.invoiceByApplyToken ?? null;
    if (inv) showInvoice(inv);
    // `final` is of the latest entry: an application is cosigned too, so wait for the issuance's
    if (inv && ((inv.final && inv.status === 'ISSUED') || inv.status === 'REVERSED')) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  for (const f of ['buyerName', 'taxpayerId', 'email', 'form']) fieldError(f, '');
  const type = buyerType();
  const name = input('buyerName').value.trim();
  const taxpayerId = input('taxpayerId').value.trim().toUpperCase();
  const email = input('email').value.trim();
  if (!name) return fieldError('buyerName', '请填写抬头名称 (enter the name)');
  const idMessage = taxpayerIdMessage(taxpayerId, type === 'ORGANIZATION');
  if (idMessage) return fieldError('taxpayerId', idMessage);
  const submit = $('submit') as HTMLButtonElement;
  submit.disabled = true;
  void (async () => {
    const buyer = { type, name, ...(taxpayerId ? { taxpayerId } : {}), ...(email ? { email } : {}) };
    const r = await graphql<{ applyForInvoice: InvoiceView }>(`mutation($t: String!, $b: BuyerInput!) { applyForInvoice(input: { applyToken: $t, buyer: $b }) { ${INVOICE_FIELDS} } }`, { t: token, b: buyer })
      .catch((): GqlAnswer<{ applyForInvoice: InvoiceView }> => ({ data: null, errors: [{ message: '网络错误，请重试 (network error, try again)' }] }));
    submit.disabled = false;
    const error = r.errors?.[0];
    if (error) {
      const where = `${error.extensions?.field ?? ''} ${error.extensions?.detail ?? ''}`;
      const field = /name/iu.test(where) ? 'buyerName' : /TAXPAYER|taxpayerId/iu.test(where) ? 'taxpayerId' : /email/iu.test(where) ? 'email' : 'form';
      return fieldError(field, error.message);
    }
    if (r.data) showInvoice(r.data.applyForInvoice);
    await follow();
  })();
});

// a token that already applied only reads: show where its invoice is
void (async () => {
  if (!token) return;
  const r = await graphql<{ invoiceByApplyToken: InvoiceView | null }>(`query($t: String!) { invoiceByApplyToken(token: $t) { ${INVOICE_FIELDS} } }`, { t: token }).catch(() => null);
  if (r?.data?.invoiceByApplyToken) {
    showInvoice(r.data.invoiceByApplyToken);
    await follow();
  }
})().finally(() => {
  document.body.dataset['ready'] = 'true';
  performance.mark('interactive');
});
