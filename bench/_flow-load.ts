// Load generator for bench/issue.ts, run in its own process: N concurrent clients each loop
// one invoice flow (webhook → apply → issue, or webhook → apply with autoIssue) against a
// running service for a number of flows or a time. Prints one JSON line of results.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { signWebhook } from '../src/payments/index.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' }, merchant: { type: 'string' }, secret: { type: 'string' }, key: { type: 'string' },
    auto: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '32' },
    flows: { type: 'string', default: '0' }, seconds: { type: 'string', default: '10' },
  },
});
const url = new URL(values.url ?? 'http://127.0.0.1:4000');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.concurrency) });
const latencies: Record<string, number[]> = { webhook: [], apply: [], issue: [] };
let failures = 0;

function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(kind: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const start = performance.now();
  const r = await post(path, body, headers);
  latencies[kind]?.push(performance.now() - start);
  return r;
}

async function flow(): Promise<boolean> {
  const n = randomBytes(8).toString('hex');
  const created = Math.floor(Date.now() / 1000);
  const raw = JSON.stringify({
    id: `evt_${n}`, type: 'payment.succeeded', created, merchantId: values.merchant,
    data: { paymentId: `wx_${n}`, amount: 12800, currency: 'CNY', paidAt: new Date().toISOString(), description: 'bench' },
  });
  const hook = await timed('webhook', '/webhooks/payments', raw, { 'Chain-Invoice-Signature': signWebhook({ secret: values.secret ?? '', rawBody: raw, timestamp: created }) });
  if (hook.status !== 200) return false;
  const token = (JSON.parse(hook.body) as { applyToken: string }).applyToken;
  const apply = await timed('apply', '/graphql', JSON.stringify({
    query: 'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "压测" } }) { id status } }',
    variables: { t: token },
  }), {});
  const applied = JSON.parse(apply.body) as { data?: { applyForInvoice: { id: string; status: string } } };
  if (!applied.data) return false;
  if (values.auto) return applied.data.applyForInvoice.status === 'ISSUED';
  const issue = await timed('issue', '/graphql', JSON.stringify({
    query: 'mutation($id: ID!) { issueInvoice(applicationId: $id) { number } }', variables: { id: applied.data.applyForInvoice.id },
  }), { Authorization: `Bearer ${values.key}` });
  return issue.status === 200 && !(JSON.parse(issue.body) as { errors?: unknown }).errors;
}

const limitFlows = Number(values.flows);
const deadline = Date.now() + Number(values.seconds) * 1000;
let started = 0;
let completed = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    while (limitFlows > 0 ? started < limitFlows : Date.now() < deadline) {
      started += 1;
      try {
        if (await flow()) completed += 1;
        else failures += 1;
      } catch {
        failures += 1;
      }
    }
  }),
);
const elapsedMs = performance.now() - t0;
agent.destroy();
console.log(JSON.stringify({ completed, failures, elapsedMs, latencies }));
