// The stack's ceiling for bench/issue.ts, in its own process: autocannon against a GraphQL
// mutation that does nothing, on the same express + Apollo server. Prints one JSON line.
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { url: { type: 'string' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } } });
const result = await autocannon({
  url: `${values.url}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: 'mutation { noop }' }),
  connections: Number(values.connections),
  duration: Number(values.seconds),
});
console.log(JSON.stringify({ requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }));
