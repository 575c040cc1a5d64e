// Paced load for bench/replication.ts, in its own process: payment webhooks (one ledger
// entry each) at a steady rate. Prints JSON: for each acknowledged entry, its ledger index
// and the wall-clock time (ms since epoch) its 200 arrived.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { signWebhook } from '../src/payments/index.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, merchant: { type: 'string' }, secret: { type: 'string' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' } } });
const url = new URL(values.url ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const rate = Number(values.rate);
const total = rate * Number(values.seconds);
const acks: Array<[number, number]> = [];
let failures = 0;

function send(): Promise<void> {
  const n = randomBytes(8).toString('hex');
  const created = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ id: `evt_${n}`, type: 'payment.succeeded', created, merchantId: values.merchant, data: { paymentId: `wx_${n}`, amount: 100, currency: 'CNY', paidAt: new Date().toISOString(), description: 'lag' } });
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: '/webhooks/payments', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Chain-Invoice-Signature': signWebhook({ secret: values.secret ?? '', rawBody: body, timestamp: created }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 200) acks.push([(JSON.parse(Buffer.concat(chunks).toString()) as { ledgerIndex: number }).ledgerIndex, Date.now()]);
        else failures += 1;
        resolve();
      });
    });
    req.on('error', () => ((failures += 1), resolve()));
    req.end(body);
  });
}

const start = performance.now();
const inflight: Array<Promise<void>> = [];
for (let i = 0; i < total; i += 1) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  inflight.push(send());
}
await Promise.all(inflight);
agent.destroy();
console.log(JSON.stringify({ acks, failures, seconds: (performance.now() - start) / 1000 }));
