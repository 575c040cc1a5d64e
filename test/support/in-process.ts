// The platform and the tax node booted inside the test's own process, by the same boot code and
// configuration loaders their binaries run, listening on a real port on 127.0.0.1. For tests
// whose subject is not the process boundary: starting a node through tsx costs seconds on a
// loaded machine. Signals, exit codes and crashes stay with the real-process tests
// (test/e2e/persistence-and-crash.test.ts, and the tax node restart in test/e2e/tax-node.test.ts).
import { pino } from 'pino';
import { loadPlatformConfig } from '../../src/config.js';
import { bootPlatform } from '../../src/platform/boot.js';
import { bootTaxNode } from '../../src/tax-node/boot.js';
import { loadTaxNodeConfig } from '../../src/tax-node/config.js';

export interface InProcessNode {
  readonly url: string;
  /** Graceful shutdown, as SIGTERM gives the binary (drain, seal, close); idempotent. */
  shutdown(): Promise<void>;
}

/** Boots `platform` or `tax-node` on DATA_DIR = `dataDir` and a free port, with `env` on top. */
export async function startInProcess(options: { node: 'platform' | 'tax-node'; dataDir: string; env?: Record<string, string> }): Promise<InProcessNode> {
  const env = { ...process.env, DATA_DIR: options.dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env };
  const logger = pino({ level: 'silent' });
  const running = options.node === 'platform'
    ? await bootPlatform(loadPlatformConfig(env), { logger })
    : await bootTaxNode(loadTaxNodeConfig(env), { logger });
  return { url: running.url, shutdown: () => running.shutdown() };
}
