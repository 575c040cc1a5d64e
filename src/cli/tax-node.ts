// `npm run tax-node`: the tax-bureau node (port 4100, ./data/tax-node, demo config from fixtures/).
import { ConfigError } from '../config.js';
import { createLogger } from '../platform/boot.js';
import { bootTaxNode } from '../tax-node/boot.js';
import { loadTaxNodeConfig } from '../tax-node/config.js';

try {
  const config = loadTaxNodeConfig();
  const logger = createLogger(config.logLevel);
  const running = await bootTaxNode(config, { logger });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'signal received');
    running.shutdown().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  console.error(`tax-node: ${error instanceof ConfigError ? 'configuration error: ' : 'failed to start: '}${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
