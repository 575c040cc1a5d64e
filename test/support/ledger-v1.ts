// The frozen v1 ledger (test/fixtures/ledger-v1, written by scripts/make-ledger-v1-fixture.ts
// before entries had types) and the projections the code of that day stored at its end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromBase64 } from '../../src/ledger/index.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger-v1');

export interface V1Ledger {
  origin: string;
  verifierKeys: { platform: string; taxNodeWitness: string };
  size: number;
  entryTypes: Record<string, number>;
  entries: Array<{ index: number; type: string; leafData: string; leafHash: string }>;
  checkpoints: Array<{ size: number; root: string; note: string; signedAt: number; cosignatures: string[] }>;
}

type Row = Record<string, string | number | null>;
export interface V1Projections {
  payments: Row[];
  refunds: Row[];
  invoices: Row[];
  invoiceLines: Row[];
  reimbursementClaims: Row[];
  taxReports: Row[];
  taxNode: { entries: Row[]; invoices: Row[]; invoiceRates: Row[]; reportChecks: unknown[] };
}

export const V1_LEDGER = JSON.parse(readFileSync(path.join(DIR, 'ledger.json'), 'utf8')) as V1Ledger;
export const V1_PROJECTIONS = JSON.parse(readFileSync(path.join(DIR, 'projections.json'), 'utf8')) as V1Projections;

export function bytesOf(base64: string): Uint8Array {
  const bytes = fromBase64(base64);
  if (!bytes) throw new Error(`not base64: ${base64.slice(0, 20)}`);
  return bytes;
}

/** Every entry's leaf data, in index order. */
export const V1_LEAVES: readonly Uint8Array[] = V1_LEDGER.entries.map((e) => bytesOf(e.leafData));
