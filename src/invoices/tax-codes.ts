// A merchant's tax-code catalogue: 税收分类编码 → goods name (the 简称 printed as *简称*), rate
// and preferential flag. When a paid item names a code the catalogue has, its invoice line
// takes the catalogue's rate and is named *goods name*item name (the 数电票 line-name form);
// a code the catalogue lacks leaves the item as paid. The ledger's v1 entry bytes do not
// change: the line keeps its fields and only their values come from the catalogue (the
// preferential flag stays in the catalogue; a v1 line has no field for it).
import { authorize, type Principal } from '../access/index.js';
import { DomainError, assertTaxRate, normaliseName, type Clock, type TaxRate } from '../domain/index.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { PaidItem } from './lines.js';

export interface TaxCodeEntry {
  readonly merchantId: string;
  readonly code: string;
  readonly goodsName: string;
  readonly rate: TaxRate;
  readonly preferential: boolean;
  readonly updatedAt: string;
}

export interface TaxCodeStore {
  list(merchantId: string): TaxCodeEntry[];
  /** The entries of these codes (one query, whatever the number of items). */
  find(merchantId: string, codes: readonly string[]): Map<string, TaxCodeEntry>;
  upsert(entry: TaxCodeEntry): void;
  /** True when there was an entry to remove. */
  remove(merchantId: string, code: string): boolean;
}

export interface TaxCodeDeps {
  readonly taxCodes: TaxCodeStore;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
}

/** A catalogue holds at most this many codes per merchant: a bound on every lookup and page. */
export const MAX_TAX_CODES = 1000;

function ownerOf(principal: Principal | null, action: 'taxCode:read' | 'taxCode:manage', merchantId: string | null | undefined): string {
  const grant = authorize(principal, action);
  const id = merchantId || grant.merchantId;
  if (!id) throw new DomainError('TAX_CODE.INVALID', 'give the merchant id', { field: 'merchantId' });
  authorize(principal, action, { type: 'merchant', id, merchantId: id });
  return id;
}

export function listTaxCodes(deps: TaxCodeDeps, principal: Principal | null, merchantId?: string | null): TaxCodeEntry[] {
  return deps.taxCodes.list(ownerOf(principal, 'taxCode:read', merchantId));
}

export function upsertTaxCode(
  deps: TaxCodeDeps, principal: Principal | null,
  input: { merchantId?: string | null; code: string; goodsName: string; rate: TaxRate; preferential?: boolean | null },
): TaxCodeEntry {
  const merchantId = ownerOf(principal, 'taxCode:manage', input.merchantId);
  if (!/^\d{19}$/u.test(input.code)) throw new DomainError('TAX_CODE.INVALID', 'code must be the 19-digit tax classification code', { field: 'code' });
  const goodsName = normaliseName(input.goodsName, 'goodsName');
  if (goodsName.includes('*')) throw new DomainError('TAX_CODE.INVALID', 'goodsName cannot contain * (it is printed as *goods name*)', { field: 'goodsName' });
  assertTaxRate(input.rate);
  return deps.uow.run(() => {
    const existing = deps.taxCodes.find(merchantId, [input.code]).get(input.code);
    if (!existing && deps.taxCodes.list(merchantId).length >= MAX_TAX_CODES) {
      throw new DomainError('TAX_CODE.TOO_MANY', `a catalogue holds at most ${MAX_TAX_CODES} codes`);
    }
    const entry: TaxCodeEntry = { merchantId, code: input.code, goodsName, rate: input.rate, preferential: input.preferential ?? false, updatedAt: deps.clock.now().toISOString() };
    deps.taxCodes.upsert(entry);
    return entry;
  });
}

/** True when the code was in the catalogue. */
export function removeTaxCode(deps: TaxCodeDeps, principal: Principal | null, code: string, merchantId?: string | null): boolean {
  const owner = ownerOf(principal, 'taxCode:manage', merchantId);
  return deps.uow.run(() => deps.taxCodes.remove(owner, code));
}

/** The paid items with the catalogue applied (see the file comment); items without a catalogued code are unchanged. */
export function applyCatalogue(items: readonly PaidItem[] | null, catalogue: ReadonlyMap<string, TaxCodeEntry>): PaidItem[] | null {
  if (!items) return null;
  return items.map((item) => {
    const entry = catalogue.get(item.taxCode);
    return entry ? { ...item, name: `*${entry.goodsName}*${item.name}`, taxRate: entry.rate } : item;
  });
}
