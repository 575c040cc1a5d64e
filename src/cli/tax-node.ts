// `npm run tax-node`: the tax-bureau node (port 4100, ./data/tax-node, demo config from fixtures/).
import { ConfigError } from '../config.js';
import { parseCliArgs } from './args.js';
import { createLogger } from '../platform/boot.js';
import { TAX_NODE_SERVICE } from '../observability/logger.js';
import { bootTaxNode } from '../tax-node/boot.js';
import { loadTaxNodeConfig } from '../tax-node/config.js';

const USAGE = `usage: npm run tax-node [-- --help]

Runs the tax-bureau node: it verifies, stores and cosigns the blocks of the platform ledgers it
follows, and serves the tax authority's GraphQL and the public 查验. Configured by the
environment (see the README): PORT (4100), HOST, DATA_DIR (./data/tax-node), TAX_NODE_CONFIG
(fixtures/demo/tax-node.json), ADMIN_BOOTSTRAP_KEY, LOG_LEVEL, LOG_FORMAT, METRICS_TOKEN,
PUBLIC_VERIFY_PER_MINUTE, … GET /metrics serves its Prometheus metrics.`;

// options first: --help must not start a node or create its data directory
if (parseCliArgs({ help: { type: 'boolean', short: 'h' } }, USAGE).help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  const config = loadTaxNodeConfig();
  const logger = createLogger(config.logLevel, TAX_NODE_SERVICE);
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
  // run by `npm start` as the platform's child: the IPC channel closes when the platform is
  // gone, however it ended (even SIGKILL), and the child must not outlive it
  if (process.send !== undefined) process.once('disconnect', () => stop('parent gone'));
} catch (error) {
  console.error(`tax-node: ${error instanceof ConfigError ? 'configuration error: ' : 'failed to start: '}${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
