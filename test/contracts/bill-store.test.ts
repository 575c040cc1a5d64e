// Contract of the BillStore port (src/reconciliation/ports.ts), run against every adapter:
// today the bills directory on the filesystem. A missing bill is null, a written bill reads
// back byte for byte, a rewrite replaces it whole, and a key that is not a merchant id and a
// date is refused before anything is read or written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDomainError } from '../../src/domain/index.js';
import type { BillStore, StoredBill } from '../../src/reconciliation/index.js';
import { createFileBillStore } from '../../src/storage/fs/bill-store.js';

interface Subject {
  readonly store: BillStore;
  /** Every file or row the adapter holds, to see that a refused key wrote nothing. */
  readonly everything: () => string[];
}

const adapters: Array<[string, (t: { after: (fn: () => void) => void }) => Subject]> = [
  ['file bill store', (t) => {
    const root = mkdtempSync(path.join(tmpdir(), 'chain-invoice-bills-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const dir = path.join(root, 'bills');
    return { store: createFileBillStore(dir), everything: () => readdirSync(root, { recursive: true }).map(String).sort() };
  }],
];

async function text(bill: StoredBill | null): Promise<string | null> {
  if (!bill) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of bill.bytes) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const BILL = '交易时间,支付单号\n`2026-11-20 10:00:00,`42000026\n';

for (const [name, make] of adapters) {
  test(`${name}: a bill never written is missing`, async (t) => {
    const { store } = make(t);
    assert.equal(await store.readBill('m_demo', '2026-11-20'), null);
  });

  test(`${name}: a written bill reads back byte for byte, under its merchant and day only`, async (t) => {
    const { store } = make(t);
    await store.writeBill('m_demo', '2026-11-20', BILL);
    const bill = await store.readBill('m_demo', '2026-11-20');
    assert.equal(bill?.name, '2026-11-20.csv');
    assert.equal(await text(bill), BILL);
    assert.equal(await store.readBill('m_other', '2026-11-20'), null, 'another merchant');
    assert.equal(await store.readBill('m_demo', '2026-11-21'), null, 'another day');
    await store.writeBill('m_demo', '2026-11-20', new TextEncoder().encode('replaced\n'));
    assert.equal(await text(await store.readBill('m_demo', '2026-11-20')), 'replaced\n', 'a rewrite replaces the bill whole');
  });

  test(`${name}: a merchant id or day that could name another file is refused, and nothing is written`, async (t) => {
    const { store, everything } = make(t);
    await store.writeBill('m_demo', '2026-11-20', BILL);
    const before = everything();
    const badKeys: Array<[string, string]> = [
      ['../m_demo', '2026-11-20'], ['..', '2026-11-20'], ['m_demo/../../x', '2026-11-20'], ['/etc', '2026-11-20'], ['', '2026-11-20'], ['m\\demo', '2026-11-20'],
      ['m_demo', '../2026-11-20'], ['m_demo', '2026-11-20/../../x'], ['m_demo', '2026-11-2'], ['m_demo', '2026-11-20.csv'], ['m_demo', ''],
    ];
    for (const [merchantId, day] of badKeys) {
      const refused = (error: unknown): boolean => isDomainError(error) && error.code === 'BILL.BAD_KEY' && !error.message.includes(path.sep + 'tmp');
      await assert.rejects(store.writeBill(merchantId, day, 'x'), refused, `write ${merchantId} ${day}`);
      await assert.rejects(store.readBill(merchantId, day), refused, `read ${merchantId} ${day}`);
    }
    assert.deepEqual(everything(), before);
  });
}
