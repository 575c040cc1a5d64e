// Composition root of `npm start`: configuration, the platform node, the local tax node as a
// child process (unless TAX_NODE_URL or --no-tax-node), the banner, signals.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadPlatformConfig } from './config.js';
import { PortInUseError } from './http/listen.js';
import { parseSignerKey, parseVerifierKey } from './ledger/index.js';
import { renderBanner } from './platform/banner.js';
import { bootPlatform, createLogger } from './platform/boot.js';
import { chooseTaxNodePort, startLocalTaxNode, type LocalTaxNode } from './platform/local-tax-node.js';
import { parseCliArgs } from './cli/args.js';

const USAGE = `usage: npm start [-- --no-tax-node] [--help]

Runs the whole system on its embedded default: the platform node (SQLite under ./data, the demo
merchant and keys from fixtures/ on an empty data directory) and a local tax-bureau node as its
child process (DATA_DIR/tax-node, port 4100 or a free one when 4100 is taken), so invoices
become final within a second.
  --no-tax-node   run the platform only (as does setting TAX_NODE_URL or LOCAL_TAX_NODE=off)
Configured by the environment (see the README): PORT (4000), HOST, DATA_DIR, PUBLIC_URL,
TAX_NODE_URL, TAX_NODE_PORT, LOG_LEVEL, LOG_FORMAT, METRICS_TOKEN, ADMIN_BOOTSTRAP_KEY, …`;

async function main(): Promise<void> {
  // options first: --help must not open a database or listen
  const options = parseCliArgs({ help: { type: 'boolean', short: 'h' }, 'no-tax-node': { type: 'boolean' } }, USAGE);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const loaded = loadPlatformConfig();
  const local = loaded.localTaxNode && options['no-tax-node'] !== true;
  const taxNodePort = local ? await chooseTaxNodePort(loaded.taxNodePort, loaded.host) : undefined;
  const config = taxNodePort === undefined ? loaded : { ...loaded, taxNodeUrl: `http://${loaded.host}:${taxNodePort}` };
  const logger = createLogger(config.logLevel);
  // the platform first: a refused start (busy port, bad key) leaves no child behind
  const running = await bootPlatform(config, { logger });
  let child: LocalTaxNode | null = null;
  if (taxNodePort !== undefined) {
    const ledger = parseSignerKey(readFileSync(config.ledgerKeyFile, 'utf8'));
    const witnesses = existsSync(config.witnessVkeyFile) ? [parseVerifierKey(readFileSync(config.witnessVkeyFile, 'utf8').trim())] : [];
    child = startLocalTaxNode({
      dataDir: path.join(config.dataDir, 'tax-node'), host: config.host, port: taxNodePort, configTemplate: config.taxNodeConfig,
      ledger, witnesses, platformUrl: config.publicUrl, logger,
    });
    await child.ready().catch((err: unknown) => logger.warn({ err }, 'the local tax node is not answering yet'));
  }
  if (process.stdout.isTTY) {
    const origin = parseSignerKey(readFileSync(config.ledgerKeyFile, 'utf8')).name;
    console.log(renderBanner({
      url: running.url, dataDir: config.dataDir, origin, fixturesDir: config.fixturesDir, metricsProtected: config.metricsToken !== undefined,
      taxNode: config.taxNodeUrl === undefined ? null : { url: config.taxNodeUrl, local: child !== null, ...(child ? { dataDir: child.dataDir } : {}) },
    }));
  }
  const stop = (signal: string): void => {
    logger.info({ signal }, 'signal received');
    Promise.all([running.shutdown(), child?.stop()]).then(
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
  } else if (error instanceof PortInUseError) {
    console.error(`chain-invoice: ${error.message}`);
  } else {
    console.error(`chain-invoice: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
