// Composition root of the platform node: configuration, boot, signals.
import { ConfigError, loadPlatformConfig } from './config.js';
import { bootPlatform, createLogger } from './platform/boot.js';

async function main(): Promise<void> {
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
