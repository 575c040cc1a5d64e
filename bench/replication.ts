// `npm run bench -- replication [--rate 1000] [--seconds 20] [--entries 200000]`
// 1. Replication lag (acknowledged → covered by a cosigned checkpoint) under steady issuance,
//    with the platform and the tax node as separate processes, vs 2 × BLOCK_INTERVAL_MS + 100 ms.
// 2. The tax node's block verification rate (signature, tree, indexes, cosignature), in
//    process, vs its hashing ceiling: node:crypto over the same leaf bytes plus one node hash per leaf.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger, type LedgerEntry } from '../src/ledger/index.js';
import { openDatabase } from '../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../src/storage/sqlite/ledger-store.js';
import { acceptBlock, catchUpIndex } from '../src/witness/index.js';
import { openMirror } from '../test/support/mirror.js';
import { DEMO_MERCHANT } from '../test/support/platform-harness.js';
import { demoSigner } from '../test/support/ledger-fixture.js';
import { ROOT, startService } from '../test/support/process.js';
import { percentile, report } from './_support.js';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' }, entries: { type: 'string', default: '200000' }, interval: { type: 'string', default: '500' } } });
const BLOCK_INTERVAL_MS = Number(values.interval);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-replication-'));

// 1. lag through two processes
const tax = await startService({ entry: 'src/cli/tax-node.ts', dataDir: path.join(dir, 'tax') });
const platform = await startService({ dataDir: path.join(dir, 'platform'), env: { TAX_NODE_URL: tax.url, BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) } });
const watch = openDatabase(path.join(dir, 'platform', 'platform.db'), { readonly: true });
const cosignedSize = watch.prepare('SELECT coalesce(max(size), 0) FROM ledger_cosignatures').pluck();
const cosignedAt: Array<[number, number]> = [];
let last = 0;
const poller = setInterval(() => {
  const size = cosignedSize.get() as number;
  if (size > last) {
    cosignedAt.push([size, Date.now()]);
    last = size;
  }
}, 2);
console.log(`replication benchmark: ${values.rate} entries/s for ${values.seconds} s, BLOCK_INTERVAL_MS ${BLOCK_INTERVAL_MS}, node ${process.version}`);
// async, so this process keeps polling the cosigned size while the load runs
const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', '_paced-load.ts'), '--url', platform.url, '--merchant', DEMO_MERCHANT.id, '--secret', DEMO_MERCHANT.webhookSecret, '--rate', values.rate ?? '1000', '--seconds', values.seconds ?? '20'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
const load = JSON.parse(out.trim().split('\n').at(-1) as string) as { acks: Array<[number, number]>; failures: number; seconds: number };
const lastIndex = Math.max(...load.acks.map(([i]) => i));
for (const deadline = Date.now() + 10_000; last <= lastIndex && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
clearInterval(poller);
const lags = load.acks.map(([index, at]) => {
  const covered = cosignedAt.find(([size]) => size > index);
  return covered ? covered[1] - at : Number.POSITIVE_INFINITY;
}).sort((a, b) => a - b);
const achieved = load.acks.length / load.seconds;
console.log(`sent ${load.acks.length} entries (${Math.round(achieved)}/s achieved, ${load.failures} failed); ${cosignedAt.length} cosigned checkpoints observed`);
const p99 = percentile(lags, 99);
report('replication lag (acknowledged → cosigned)', `p50 ${percentile(lags, 50)} ms, p99 ${p99} ms`, `target p99 ≤ ${2 * BLOCK_INTERVAL_MS + 100} ms`, p99 <= 2 * BLOCK_INTERVAL_MS + 100);
watch.close();
await platform.stop('SIGTERM');
await tax.stop('SIGTERM');

// 2. verification rate in process: a platform ledger in blocks of 1,000, accepted by a fresh mirror
const N = Number(values.entries);
const signer = demoSigner('platform-ledger');
const source = openDatabase(path.join(dir, 'source.db'));
const clock = { now: () => new Date() };
const ledger = new Ledger({ store: createSqliteLedgerStore(source), signer, witnesses: [], clock });
const entry = (i: number): LedgerEntry => ({
  v: 1, type: 'invoice.issued', at: '2026-11-21T01:02:03.456Z', actor: { role: 'MERCHANT', id: 'm_demo' }, subject: { kind: 'invoice', id: `inv_${i}` },
  data: { merchantId: 'm_demo', payment: `pay_${i}`, number: `2644100${String(i).padStart(13, '0')}`, issueDate: '2026-11-21', kind: 'BLUE',
    seller: { name: 'demo', taxpayerId: '91440300MA5DEM012D' }, buyer: { type: 'INDIVIDUAL', name: '张三', taxpayerId: null },
    lines: [{ lineNo: 1, name: 'coffee', taxCode: '3070401000000000000', quantity: '1', unitPrice: 12800, taxRate: '6%', net: 12075, tax: 725, gross: 12800 }],
    net: 12075, tax: 725, gross: 12800, capitalAmount: '壹佰贰拾捌元整' },
});
for (let start = 0; start < N; start += 1000) {
  source.transaction(() => ledger.append(Array.from({ length: Math.min(1000, N - start) }, (_, i) => entry(start + i)))).immediate();
  ledger.seal();
}
const sourceStore = createSqliteLedgerStore(source);
const blocks = sourceStore.checkpointsAfter(0, 1_000_000).map((c, i, all) => {
  const from = i === 0 ? 0 : (all[i - 1] as { size: number }).size;
  return { origin: signer.name, checkpoint: c.note, firstIndex: from, leaves: [...sourceStore.entries(from, c.size)].map((e) => e.data) };
});
const mirror = openMirror(clock);
const { followed, deps } = mirror;
let t0 = performance.now();
for (const block of blocks) {
  const outcome = acceptBlock(deps, block);
  if (outcome.kind !== 'accepted') throw new Error(`block refused: ${JSON.stringify(outcome)}`);
}
const verifyRate = N / ((performance.now() - t0) / 1000);
t0 = performance.now();
catchUpIndex(followed);
const indexRate = N / ((performance.now() - t0) / 1000);
const node = Buffer.alloc(65, 1);
const leaves = blocks.flatMap((b) => b.leaves);
t0 = performance.now();
for (const data of leaves) {
  hash('sha256', Buffer.concat([Buffer.of(0), data]), 'buffer');
  hash('sha256', node, 'buffer');
}
const ceiling = leaves.length / ((performance.now() - t0) / 1000);
console.log(`tax-node indexing (derived, right after acceptance): ${Math.round(indexRate).toLocaleString()} entries/s; acceptance and indexing together ${Math.round(1 / (1 / verifyRate + 1 / indexRate)).toLocaleString()} entries/s`);
report('tax-node verification rate vs hashing ceiling', `${Math.round(verifyRate).toLocaleString()} entries/s`, `ceiling ${Math.round(ceiling).toLocaleString()}/s, ratio ${(verifyRate / ceiling).toFixed(2)} (target ≥ 0.3)`, verifyRate / ceiling >= 0.3);
source.close();
mirror.close();
rmSync(dir, { recursive: true, force: true });
