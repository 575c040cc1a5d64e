// The 查验 page's script: fetches the invoice's .tlog-proof from this node (or takes a dropped
// file, with no network at all) and checks it here, with src/ledger's own code: the leaf hash
// of the entry's bytes (RFC 9162 §2.1.1), the inclusion proof against the checkpoint's root
// (§2.1.3.2), the platform's signature on the checkpoint and the tax node's cosignature (C2SP
// tlog-checkpoint, tlog-cosignature), each shown on its own; the keys are the ones the node
// embedded in the page.
import { buildInvoiceDocument } from '../../documents/model.js';
import { formatYuan, type Fen } from '../../domain/money.js';
import { openCheckpoint, parseCheckpointText } from '../../ledger/checkpoint.js';
import { parseCosignatureLine, verifyCosignature } from '../../ledger/cosignature.js';
import { decodeEntry } from '../../ledger/entry.js';
import { equalBytes, leafHash } from '../../ledger/hash.js';
import { parseNote, parseVerifierKey, type VerifierKey } from '../../ledger/note.js';
import { parseTlogProof, type TlogProof } from '../../ledger/tlog-proof.js';
import { verifyInclusion } from '../../ledger/verify.js';

type CheckName = 'leaf' | 'inclusion' | 'checkpoint' | 'cosignature';
interface CheckResult { ok: boolean; why: string }

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const trustText = $('trust').textContent ?? '{}';
const trust = JSON.parse(trustText) as { logKeys: string[]; witnessKeys: string[] };
const logKeys: VerifierKey[] = trust.logKeys.map((k) => parseVerifierKey(k));
const witnessKeys: VerifierKey[] = trust.witnessKeys.map((k) => parseVerifierKey(k));

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

interface Expected { number?: string; date?: string; amount?: string; leaf?: string }

/** Runs the four checks independently, so each shows its own ✓ or ✗. */
export function checkProof(proof: TlogProof, expected: Expected): { checks: Record<CheckName, CheckResult>; facts: [string, string][] } {
  const facts: [string, string][] = [];
  const checks = {} as Record<CheckName, CheckResult>;
  let size = 0;
  let root: Uint8Array = new Uint8Array(32);
  let text = '';
  try {
    text = parseNote(proof.checkpoint).text;
    const cp = parseCheckpointText(text);
    size = cp.size;
    root = cp.root;
    facts.push(['日志 Log', cp.origin], ['检查点大小 Checkpoint size', String(cp.size)]);
  } catch (error) {
    checks.checkpoint = { ok: false, why: (error as Error).message };
  }
  if (!checks.checkpoint) {
    const by = logKeys.find((key) => {
      try {
        openCheckpoint(proof.checkpoint, key);
        return true;
      } catch {
        return false;
      }
    });
    checks.checkpoint = by ? { ok: true, why: `由 ${by.name} 签名 (signed by the log key)` } : { ok: false, why: '没有嵌入的日志公钥能验证此签名 (no embedded log key verifies it)' };
  }

  const lines = (() => {
    try {
      return parseNote(proof.checkpoint).signatures;
    } catch {
      return [];
    }
  })();
  const cosigned: string[] = [];
  let badCosignature = '';
  for (const witness of witnessKeys) {
    const line = lines.find((s) => s.name === witness.name && equalBytes(s.keyId, witness.keyId));
    if (!line) continue;
    try {
      const c = parseCosignatureLine(line.line);
      if (verifyCosignature(text, c, witness)) cosigned.push(`${witness.name} @ ${new Date(c.timestamp * 1000).toISOString()}`);
      else badCosignature = `${witness.name} 的副署无效 (does not verify)`;
    } catch (error) {
      badCosignature = (error as Error).message;
    }
  }
  checks.cosignature = witnessKeys.length > 0 && cosigned.length === witnessKeys.length
    ? { ok: true, why: cosigned.join(', ') }
    : { ok: false, why: badCosignature || '缺少税务节点的副署 (the tax node\'s cosignature is missing)' };

  let hash: Uint8Array | null = null;
  if (proof.extra === null) checks.leaf = { ok: false, why: '证明未携带条目字节 (no entry bytes)' };
  else {
    hash = leafHash(proof.extra);
    try {
      const doc = buildInvoiceDocument(decodeEntry(proof.extra), { index: proof.index, leafHash: hash }, null);
      const gross = formatYuan(doc.totals.gross as Fen);
      const mismatch = (expected.number && expected.number !== doc.number) || (expected.date && expected.date !== doc.issueDate)
        || (expected.amount && Number(expected.amount).toFixed(2) !== gross) || (expected.leaf && expected.leaf !== base64url(hash));
      checks.leaf = mismatch
        ? { ok: false, why: '条目与所查发票不符 (the entry is not the invoice asked for)' }
        : { ok: true, why: base64url(hash) };
      facts.unshift(
        ['发票号码 Number', doc.number], ['开票日期 Date', doc.issueDate], ['类型 Kind', doc.kind === 'RED' ? `红字 (reverses ${doc.reverses?.number ?? ''})` : '蓝字 BLUE'],
        ['销售方 Seller', `${doc.seller.name} ${doc.seller.taxpayerId}`], ['购买方 Buyer', `${doc.buyer.name}${doc.buyer.taxpayerId ? ` ${doc.buyer.taxpayerId}` : ''}`],
        ['金额 Net', formatYuan(doc.totals.net as Fen)], ['税额 Tax', formatYuan(doc.totals.tax as Fen)], ['价税合计 Total', `${gross}（${doc.capitalAmount}）`],
      );
    } catch (error) {
      checks.leaf = { ok: false, why: `不是开票条目 (not an issued invoice): ${(error as Error).message}` };
    }
  }
  checks.inclusion = hash !== null && size > 0 && proof.index < size && verifyInclusion({ index: proof.index, size, leafHash: hash, proof: proof.proof, root })
    ? { ok: true, why: `条目 ${proof.index} / ${size}` }
    : { ok: false, why: '包含证明不能重现检查点的根 (does not reproduce the checkpoint\'s root)' };
  return { checks, facts };
}

const STATUS_LABELS: Readonly<Record<string, string>> = { ISSUED: '已开具 issued', REVERSED: '已红冲 reversed', REVERSAL_REQUIRED: '待红冲 reversal required', LOCKED: '报销锁定 reimbursement locked', CLOSED: '已报销 reimbursement closed' };

function show(proofText: string | Uint8Array, expected: Expected, nodeStatus: string | null): void {
  const result = $('result');
  const facts = $('facts');
  facts.replaceChildren();
  let outcome: ReturnType<typeof checkProof>;
  try {
    outcome = checkProof(parseTlogProof(proofText), expected);
  } catch (error) {
    outcome = { checks: Object.fromEntries((['leaf', 'inclusion', 'checkpoint', 'cosignature'] as const).map((c) => [c, { ok: false, why: (error as Error).message }])) as Record<CheckName, CheckResult>, facts: [] };
  }
  for (const li of Array.from(document.querySelectorAll<HTMLElement>('#checks li'))) {
    const check = outcome.checks[li.dataset['check'] as CheckName];
    li.dataset['result'] = check.ok ? 'ok' : 'fail';
    (li.querySelector('.mark') as HTMLElement).textContent = check.ok ? '✓' : '✗';
    (li.querySelector('.why') as HTMLElement).textContent = check.why;
  }
  const allOk = Object.values(outcome.checks).every((c) => c.ok);
  const size = outcome.facts.find(([k]) => k.startsWith('检查点'))?.[1] ?? '?';
  const verdict = $('verdict');
  verdict.className = `verdict ${allOk ? 'ok' : 'fail'}`;
  verdict.textContent = allOk ? `✓ 真实有效：已开具（截至检查点大小 ${size}）Authentic: issued as of size ${size}` : '✗ 校验失败 Verification failed';
  const rows: [string, string][] = [...outcome.facts];
  if (nodeStatus) {
    const parts = Object.fromEntries(nodeStatus.split(';').map((p) => p.trim().split('=') as [string, string]));
    rows.push(['节点当前状态 Status now (node)', [STATUS_LABELS[parts['invoice'] ?? ''] ?? parts['invoice'] ?? '', parts['reimbursement'] !== 'NONE' ? STATUS_LABELS[parts['reimbursement'] ?? ''] ?? '' : '', parts['taxReported'] === 'true' ? '已申报 tax reported' : ''].filter(Boolean).join(' · ')]);
  }
  rows.push(['校验地点 Checked', '本机浏览器，离线可用 (locally, in this browser)']);
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    facts.append(dt, dd);
  }
  result.hidden = false;
  document.body.dataset['verified'] = allOk ? 'ok' : 'fail';
}

function expectedFromForm(): Expected {
  const value = (id: string) => ($(id) as HTMLInputElement).value.trim();
  return { number: value('number'), date: value('date'), amount: value('amount'), leaf: value('leaf') };
}

async function query(): Promise<void> {
  const e = expectedFromForm();
  const error = $('query-error');
  error.textContent = '';
  if (!/^\d{20}$/u.test(e.number ?? '')) return void (error.textContent = '发票号码为 20 位数字 (the number has 20 digits)');
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(e.date ?? '')) return void (error.textContent = '请填写开票日期 (enter the date)');
  if (!/^-?\d{1,13}(\.\d{1,2})?$/u.test(e.amount ?? '')) return void (error.textContent = '金额格式如 128.00 (an amount like 128.00)');
  const amount = Number(e.amount).toFixed(2);
  const button = $('check') as HTMLButtonElement;
  button.disabled = true;
  try {
    const res = await fetch(`/proofs?${new URLSearchParams({ number: e.number ?? '', date: e.date ?? '', amount }).toString()}`);
    if (res.status === 429) {
      const after = res.headers.get('Retry-After') ?? '60';
      error.textContent = `请求过于频繁，请在 ${after} 秒后重试 (too many checks; try again in ${after} seconds)`;
      return;
    }
    if (res.status === 404) {
      error.textContent = '查无此票：号码、日期或金额不符 (no invoice matches this number, date and amount)';
      return;
    }
    if (res.status === 409) {
      error.textContent = '尚未副署，请稍后几秒再试 (not yet cosigned; try again in a few seconds)';
      return;
    }
    if (!res.ok) {
      error.textContent = `查验失败 (${res.status})`;
      return;
    }
    show(new Uint8Array(await res.arrayBuffer()), { ...e, amount }, res.headers.get('X-Invoice-Status'));
  } catch {
    error.textContent = '无法连接查验服务；可拖入 .tlog-proof 文件离线校验 (cannot reach the node; drop a .tlog-proof to check offline)';
  } finally {
    button.disabled = false;
  }
}

async function checkFile(file: File): Promise<void> {
  show(new Uint8Array(await file.arrayBuffer()), {}, null);
}

$('query').addEventListener('submit', (event) => {
  event.preventDefault();
  void query();
});
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void checkFile(file);
});
$('proof-file').addEventListener('change', () => {
  const file = ($('proof-file') as HTMLInputElement).files?.[0];
  if (file) void checkFile(file);
});
// opened from the invoice's QR link: everything is given, check at once
if (expectedFromForm().number && expectedFromForm().date && expectedFromForm().amount) void query();
document.body.dataset['ready'] = 'true';
performance.mark('interactive');
