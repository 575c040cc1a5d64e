// `npm run bench -- pages`: in headless Chromium (Debian's, through playwright-core), the time
// to interactive of the payer's page and the 查验 page (navigation start to the script marking
// body[data-ready] and performance.mark('interactive')), and the in-browser verification of a .tlog-proof at 10^6 entries (a real
// invoice entry, a 20-hash audit path, a checkpoint signed by the demo log key and cosigned by
// the demo witness), timed from the file's drop to the four checks' verdict. Targets: < 1 s
// interactive, < 50 ms verification.
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { cosignCheckpoint, formatTlogProof, leafHash, nodeHash, parseTlogProof, signCheckpoint } from '../src/ledger/index.js';
import { demoSigner } from '../test/support/ledger-fixture.js';
import { issueCosigned, pay, startTwoNodes } from '../test/support/two-nodes.js';
import { CHROMIUM } from '../test/pages/browser.js';

const SIZE = 1_000_000;
const RUNS = 15;

/** RFC 9162 §2.1.3.2 run forwards: the root an audit path gives for (index, size). */
function rootFromPath(index: number, size: number, leaf: Uint8Array, path: Uint8Array[]): Uint8Array {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return r;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const cleanups: Array<() => unknown> = [];
const nodes = await startTwoNodes({ after: (fn) => void cleanups.push(fn) });
const invoice = await issueCosigned(nodes);
const fresh = await pay(nodes.platform.url);
const realProof = parseTlogProof(await (await fetch(`${nodes.platform.url}/invoices/${invoice.id}/invoice.tlog-proof?token=${encodeURIComponent(invoice.applyToken)}`)).text());

// a proof at 10^6 entries around the real entry's bytes
const index = 777_777;
const path = Array.from({ length: 20 }, () => new Uint8Array(randomBytes(32)));
const log = demoSigner('platform-ledger');
const root = rootFromPath(index, SIZE, leafHash(realProof.extra as Uint8Array), path);
const signed = signCheckpoint({ origin: log.name, size: SIZE, root }, log);
const text = signed.slice(0, signed.indexOf('\n\n') + 1);
const cosigned = `${signed}${cosignCheckpoint(text, demoSigner('tax-node-witness'), Math.floor(Date.now() / 1000)).line}\n`;
const bigProof = formatTlogProof({ extra: realProof.extra, index, proof: path, checkpoint: cosigned });

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const context = await browser.newContext({ viewport: { width: 375, height: 812 } });

async function timeToInteractive(url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    // navigation start to the script's mark, measured by the page's own clock
    times.push(await page.evaluate(() => performance.getEntriesByName('interactive')[0]?.startTime ?? Number.NaN));
    await page.close();
  }
  return times;
}

const pages = {
  "payer's page (/apply)": await timeToInteractive(`${nodes.platform.url}/apply?token=${encodeURIComponent(fresh.applyToken)}`),
  '查验 page (/verify)': await timeToInteractive(`${nodes.tax.url}/verify`),
};

const page = await context.newPage();
await page.goto(`${nodes.tax.url}/verify`);
await page.waitForSelector('body[data-ready="true"]');
// runs in the page (the bench's own types are node's, so the page code is given as text)
const IN_PAGE = `async ({ proof, runs }) => {
  const out = [];
  for (let i = 0; i < runs; i += 1) {
    delete document.body.dataset.verified;
    const dt = new DataTransfer();
    dt.items.add(new File([proof], 'big.tlog-proof'));
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.body.dataset.verified) { observer.disconnect(); resolve(); }
      });
      observer.observe(document.body, { attributes: true });
    });
    const t0 = performance.now();
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await done;
    out.push(performance.now() - t0);
  }
  return { times: out, verdict: document.body.dataset.verified };
}`;
const verifyTimes = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify({ proof: bigProof, runs: RUNS })})`)) as { times: number[]; verdict: string };

console.log(`pages bench (headless Chromium ${browser.version()}, ${RUNS} runs each)`);
for (const [name, times] of Object.entries(pages)) {
  console.log(`  ${name.padEnd(24)} time to interactive p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms   target < 1000 ms`);
}
console.log(`  verification at ${SIZE.toLocaleString('en')} entries (20 hashes, 2 Ed25519): p50 ${percentile(verifyTimes.times, 50).toFixed(1)} ms, p99 ${percentile(verifyTimes.times, 99).toFixed(1)} ms   target < 50 ms   verdict ${verifyTimes.verdict}`);

await browser.close();
for (const fn of cleanups.reverse()) await fn();
process.exit(0);
