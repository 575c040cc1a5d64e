// `npm run demo [-- --keep]`: the platform and the tax-bureau node as two processes on
// 127.0.0.1, the demo payments from fixtures/ replayed through the real webhook, invoices
// applied for and issued, blocks cosigned, and one invoice verified at the tax node with its
// proof. Fresh data directories each run (printed); --keep leaves both services running.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES_DIR } from '../config.js';
import { fromBase64, openCheckpoint, parseCosignatureLine, parseVerifierKey, verifyCosignature, verifyInclusion } from '../ledger/index.js';
import { parseCliArgs } from './args.js';
import { postGraphql, postWebhook, startService } from './processes.js';

const USAGE = `usage: npm run demo [-- --keep] [--port N] [--tax-port N]

Runs the platform and the tax-bureau node as two processes on 127.0.0.1 (fresh data directories,
printed), replays the demo payments through the real webhook, issues their invoices, waits for
the tax node's cosignatures and verifies one invoice with its proof.
  --keep          leave both services running afterwards (Ctrl-C stops them)
  --port N        the platform's port (default: a free one)
  --tax-port N    the tax node's port (default: a free one)`;

const values = parseCliArgs({ keep: { type: 'boolean', default: false }, port: { type: 'string' }, 'tax-port': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
function portOption(name: 'port' | 'tax-port'): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/u.test(text) || port < 1 || port > 65535) {
    console.error(`--${name} must be a port number (1–65535), got ${JSON.stringify(text)}\n\n${USAGE}`);
    process.exit(2);
  }
  return port;
}
const platformPort = portOption('port');
const taxPort = portOption('tax-port');
interface DemoPayment { description: string; amount: number; refund?: number; items?: unknown[]; buyer: { type: string; name: string; taxpayerId?: string } }
const demo = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'demo', 'platform.json'), 'utf8')) as { merchants: Array<{ id: string; webhookSecret: string; apiKey: string }>; apiKeys: Array<{ key: string }> };
const merchant = demo.merchants[0] as { id: string; webhookSecret: string; apiKey: string };
const taxKey = (demo.apiKeys[0] as { key: string }).key;
const payments = (JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'demo', 'payments.json'), 'utf8')) as { payments: DemoPayment[] }).payments;
const root = mkdtempSync(path.join(tmpdir(), 'chain-invoice-demo-'));

console.log('chain-invoice demo: two processes on 127.0.0.1');
const tax = await startService({ entry: 'src/cli/tax-node.ts', dataDir: path.join(root, 'tax-node'), ...(taxPort ? { port: taxPort } : {}) });
console.log(`  tax-bureau node  ${tax.url}   data ${path.join(root, 'tax-node')}`);
const platform = await startService({ dataDir: path.join(root, 'platform'), ...(platformPort ? { port: platformPort } : {}), env: { TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: '200' } });
console.log(`  platform node    ${platform.url}   data ${path.join(root, 'platform')}\n`);

const issued: Array<{ number: string; issueDate: string; gross: string; net: string; tax: string; capitalAmount: string; buyer: string; ledgerIndex: number }> = [];
for (const p of payments) {
  const n = randomBytes(6).toString('hex');
  const created = Math.floor(Date.now() / 1000);
  const hook = await postWebhook(platform.url, {
    id: `evt_${n}`, type: 'payment.succeeded', created, merchantId: merchant.id,
    data: { paymentId: `wx_${n}`, amount: p.amount, currency: 'CNY', paidAt: new Date().toISOString(), description: p.description, ...(p.items ? { items: p.items } : {}) },
  }, merchant.webhookSecret);
  if (hook.status !== 200) throw new Error(`webhook refused: ${JSON.stringify(hook.body)}`);
  if (p.refund) {
    await postWebhook(platform.url, { id: `evt_r${n}`, type: 'payment.refunded', created, merchantId: merchant.id, data: { paymentId: `wx_${n}`, refundId: `rf_${n}`, amount: p.refund } }, merchant.webhookSecret);
  }
  const applied = await postGraphql<{ applyForInvoice: { id: string } }>(platform.url, 'mutation($t: String!, $b: BuyerInput!) { applyForInvoice(input: { applyToken: $t, buyer: $b }) { id } }', { t: hook.body['applyToken'], b: p.buyer });
  const result = await postGraphql<{ issueInvoice: (typeof issued)[number] & { buyer: { name: string } } }>(
    platform.url, 'mutation($id: ID!) { issueInvoice(applicationId: $id) { number issueDate gross net tax capitalAmount ledgerIndex buyer { name } } }', { id: applied.data?.applyForInvoice.id }, merchant.apiKey,
  );
  const inv = result.data?.issueInvoice;
  if (!inv) throw new Error(`issuing failed: ${JSON.stringify(result.errors)}`);
  issued.push({ ...inv, buyer: inv.buyer.name });
}
console.log('Invoices issued (payment webhook → apply with the payer token → issue):');
for (const i of issued) console.log(`  ${i.number}  ${i.issueDate}  ¥${i.gross.padStart(9)} = ${i.net} + 税 ${i.tax}  ${i.capitalAmount}  → ${i.buyer}`);

let head = { size: 0, cosignatures: [] as unknown[], checkpoint: '' };
for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
  const h = await postGraphql<{ ledgerHead: typeof head }>(platform.url, '{ ledgerHead { size cosignatures { keyName } checkpoint } }', {}, merchant.apiKey);
  if (h.data?.ledgerHead && h.data.ledgerHead.cosignatures.length > 0 && h.data.ledgerHead.size >= issued.length * 3) {
    head = h.data.ledgerHead;
    break;
  }
}
const blocks = await postGraphql<{ ledgers: Array<{ origin: string; size: number }>; blocks: { edges: Array<{ node: { height: number; size: number; root: string } }> } }>(
  tax.url, 'query($o: String!) { ledgers { origin size } blocks(origin: $o, first: 100) { edges { node { height size root } } } }', { o: 'demo.chain-invoice.local/ledger' }, taxKey,
);
console.log(`\nLedger: ${head.size} entries; the tax node holds ${blocks.data?.ledgers[0]?.size} and cosigned ${blocks.data?.blocks.edges.length} blocks:`);
for (const b of blocks.data?.blocks.edges ?? []) console.log(`  block ${b.node.height}: size ${b.node.size}, root ${b.node.root}`);

const pick = issued[1] ?? (issued[0] as (typeof issued)[number]);
const v = await postGraphql<{ verifyInvoice: { authentic: boolean; status: { invoice: string; reimbursement: string; taxReported: boolean }; ledgerIndex: number; checkpoint: string; inclusionProof: { hashes: string[]; treeSize: number; leafHash: string } } }>(
  tax.url, 'query($n: String!, $d: Date!, $a: Money!) { verifyInvoice(number: $n, issueDate: $d, totalAmount: $a) { authentic status { invoice reimbursement taxReported } ledgerIndex checkpoint inclusionProof { hashes treeSize leafHash } } }',
  { n: pick.number, d: pick.issueDate, a: pick.gross }, taxKey,
);
const result = v.data?.verifyInvoice;
if (!result) throw new Error(JSON.stringify(v.errors));
const logKey = parseVerifierKey(readFileSync(path.join(FIXTURES_DIR, 'keys', 'platform-ledger.vkey'), 'utf8').trim());
const witness = parseVerifierKey(readFileSync(path.join(FIXTURES_DIR, 'keys', 'tax-node-witness.vkey'), 'utf8').trim());
const checkpoint = openCheckpoint(result.checkpoint, logKey);
const line = result.checkpoint.trimEnd().split('\n').find((l) => l.startsWith(`\u2014 ${witness.name} `)) ?? '';
const cosigned = verifyCosignature(checkpoint.text, parseCosignatureLine(line), witness);
const included = verifyInclusion({
  index: result.ledgerIndex, size: result.inclusionProof.treeSize, root: checkpoint.root,
  leafHash: fromBase64(result.inclusionProof.leafHash) as Uint8Array, proof: result.inclusionProof.hashes.map((h) => fromBase64(h) as Uint8Array),
});
console.log(`\n查验 at the tax node: invoice ${pick.number}, ${pick.issueDate}, ¥${pick.gross}`);
console.log(`  authentic: ${result.authentic}; status ${result.status.invoice}, reimbursement ${result.status.reimbursement}, tax reported ${result.status.taxReported}`);
console.log(`  ledger index ${result.ledgerIndex}; inclusion proof of ${result.inclusionProof.hashes.length} hashes in a tree of ${result.inclusionProof.treeSize}`);
console.log(`  proof verifies against the checkpoint: ${included}; checkpoint signed by the platform: true; cosigned by the tax node: ${cosigned}`);
console.log('\nThe checkpoint the proof verifies against (C2SP signed note, platform signature + tax node cosignature):');
console.log(result.checkpoint.replace(/^/gmu, '  '));

if (values.keep) {
  console.log(`Both services keep running (Ctrl-C to stop). Demo keys: merchant ${merchant.apiKey}, tax authority ${taxKey}`);
  const stop = async (): Promise<void> => {
    await platform.stop('SIGTERM');
    await tax.stop('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} else {
  await platform.stop('SIGTERM');
  await tax.stop('SIGTERM');
  console.log('Both services stopped. Run with -- --keep to leave them running.');
}
