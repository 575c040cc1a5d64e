import DataLoader from 'dataloader';
import type { Principal } from '../access/index.js';
import type { InvoiceLine } from '../invoices/index.js';
import type { Refund } from '../payments/index.js';
import type { Platform } from '../platform/platform.js';
import type { ReconcileDeps } from '../reconciliation/index.js';

export interface Loaders {
  readonly invoiceLines: DataLoader<string, InvoiceLine[]>;
  readonly refunds: DataLoader<string, Refund[]>;
}

export interface GraphQLContext {
  readonly principal: Principal | null;
  readonly platform: Platform;
  readonly loaders: Loaders;
  readonly reconcileDeps: ReconcileDeps | null;
}

/** Per-request loaders, so list fields cost one query per page, not one per row. */
export function createLoaders(platform: Platform): Loaders {
  return {
    invoiceLines: new DataLoader(async (ids: readonly string[]) => {
      const lines = platform.invoices.lines(ids);
      return ids.map((id) => lines.get(id) ?? []);
    }),
    refunds: new DataLoader(async (ids: readonly string[]) => ids.map((id) => platform.payments.refunds(id))),
  };
}
