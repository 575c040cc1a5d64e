// Regenerates fixtures/providers/alipay-bill-example.zip from alipay-bill-example.csv (kept in
// UTF-8 so it can be read and edited): encoded in GBK and zipped with GBK entry names, as
// Alipay's bill download is.
import { readFileSync, writeFileSync } from 'node:fs';
import { zipAlipayBill } from '../src/providers/index.js';

const dir = new URL('../fixtures/providers/', import.meta.url);
const csv = readFileSync(new URL('alipay-bill-example.csv', dir), 'utf8');
writeFileSync(new URL('alipay-bill-example.zip', dir), zipAlipayBill(csv, { account: '20880000000000010156', day: '2026-11-20' }));
console.log('fixtures/providers/alipay-bill-example.zip written');
