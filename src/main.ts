// Composition root of the platform node: configuration, boot, signals.
import { ConfigError, loadPlatformConfig } from './config.js';
import { bootPlatform, createLogger } from './platform/boot.js';
import { parseCliArgs } from './cli/args.js';

const USAGE = `usage: npm start [-- --help]

Runs the platform node on its embedded default (SQLite under ./data, the demo merchant and keys
from fixtures/ on an empty data directory). Configured by the environment (see the README):
PORT (4000), HOST, DATA_DIR, PUBLIC_URL, TAX_NODE_URL, LOG_LEVEL, ADMIN_BOOTSTRAP_KEY, …`;

async function main(): Promise<void> {
  // options first: --help must not open a database or listen
  if (parseCliArgs({ help: { type: 'boolean', short: 'h' } }, USAGE).help) {
    console.log(USAGE);
    return;
  }
  const config = loadPlatformConfig();
  const logger = createLogger(config.logLevel);
  const running = await bootPlatform(config, { logger });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'signal received');
    running.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: tsx re-raises a signal that has no listener left, which would kill the
  // process in the middle of draining. shutdown() is idempotent, so a second signal is harmless.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`chain-invoice: configuration error: ${error.message}`);
  } else {
    console.error(`chain-invoice: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
