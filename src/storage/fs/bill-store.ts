// The BillStore port on the filesystem: BILLS_DIR/<merchantId>/<yyyy-mm-dd>.csv. A merchant id
// or a day that is not of the expected form is refused before any path is built, so no key
// can name a file outside the bills directory.
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../../domain/index.js';
import type { BillStore, StoredBill } from '../../reconciliation/ports.js';

/** Merchant ids are generated (`m_…`) or fixed in fixtures: letters, digits, `_` and `-`. */
const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/u;
const DAY = /^\d{4}-\d{2}-\d{2}$/u;

/** Where the bill of a merchant's day is kept; refuses keys that are not a merchant id and a date. */
export function billPath(billsDir: string, merchantId: string, day: string): string {
  if (!MERCHANT_ID.test(merchantId)) throw new DomainError('BILL.BAD_KEY', 'not a merchant id', { field: 'merchantId' });
  if (!DAY.test(day)) throw new DomainError('BILL.BAD_KEY', 'not a date (yyyy-mm-dd)', { field: 'date' });
  return path.join(billsDir, merchantId, `${day}.csv`);
}

export function createFileBillStore(billsDir: string): BillStore {
  return {
    async readBill(merchantId, day): Promise<StoredBill | null> {
      const file = billPath(billsDir, merchantId, day);
      try {
        if (!(await stat(file)).isFile()) return null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return { name: path.basename(file), bytes: createReadStream(file) };
    },
    async writeBill(merchantId, day, content): Promise<void> {
      const file = billPath(billsDir, merchantId, day);
      await mkdir(path.dirname(file), { recursive: true });
      // written aside, then renamed: a reader sees the old bill or the new one, never half
      await writeFile(`${file}.tmp`, content);
      await rename(`${file}.tmp`, file);
    },
  };
}
