// Child process for bench/providers: parses one Alipay bill zip and prints its rows, time and
// peak resident memory, so the figure is the parser's alone (not the generator's in the parent).
import { createReadStream } from 'node:fs';
import { parseAlipayTradeBill } from '../src/providers/index.js';

const file = process.argv[2] ?? '';
const start = performance.now();
let rows = 0;
for await (const row of parseAlipayTradeBill(createReadStream(file))) rows += row.amount > 0 ? 1 : 0;
console.log(JSON.stringify({ rows, ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS }));
