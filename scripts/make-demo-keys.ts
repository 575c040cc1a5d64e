// Writes a fresh demo key pair for the platform ledger and for the tax node's witness into
// fixtures/keys (only needed if the committed demo keys are ever replaced).
import { writeFileSync, mkdirSync } from 'node:fs';
import { generateSeed, signerFromSeed, formatSignerKey, formatVerifierKey, SIG_TYPE_ED25519, SIG_TYPE_COSIGNATURE } from '../src/ledger/index.js';

const dir = new URL('../fixtures/keys/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [file, name, type] of [
  ['platform-ledger', 'demo.chain-invoice.local/ledger', SIG_TYPE_ED25519],
  ['tax-node-witness', 'demo.tax-bureau.local/witness', SIG_TYPE_COSIGNATURE],
] as const) {
  const seed = generateSeed();
  const signer = signerFromSeed(name, seed, type);
  writeFileSync(new URL(`${file}.key`, dir), `${formatSignerKey(signer, seed)}\n`, { mode: 0o600 });
  writeFileSync(new URL(`${file}.vkey`, dir), `${formatVerifierKey(signer.verifierKey)}\n`);
  console.log(`${file}: ${formatVerifierKey(signer.verifierKey)}`);
}
