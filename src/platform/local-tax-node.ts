// The embedded default's tax node: `npm start` runs a local tax-bureau node as a child process
// (its own database under DATA_DIR/tax-node, its own port) so invoices become final without a
// second terminal. The child follows the platform's own ledger origin and key, whatever
// LEDGER_KEY_FILE names; it is restarted with backoff when it dies, stopped with the platform,
// and it stops by itself when the platform disappears (its IPC channel closes, even on SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, PROJECT_ROOT } from '../config.js';
import { PortInUseError } from '../http/listen.js';
import { formatVerifierKey, parseSignerKey, type NoteSigner, type VerifierKey } from '../ledger/index.js';

export const DEFAULT_TAX_NODE_PORT = 4100;

export interface LocalTaxNodeOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The template configuration (witness key, API keys); its followed ledgers are replaced. */
  readonly configTemplate: string;
  /** The platform's ledger key: the child follows exactly this origin. */
  readonly ledger: NoteSigner;
  /** The platform's WITNESS_VKEY_FILE keys: the child's witness key should be one of them. */
  readonly witnesses: readonly VerifierKey[];
  readonly platformUrl: string;
  readonly logger: Logger;
  readonly env?: Readonly<Record<string, string>>;
}

export interface LocalTaxNode {
  readonly url: string;
  readonly dataDir: string;
  readonly configFile: string;
  /** Resolves once the current child answers /healthz. */
  ready(timeoutMs?: number): Promise<void>;
  /** The restarts so far (a metric and a test hook). */
  restarts(): number;
  /** SIGTERM the child and wait for it (SIGKILL after graceMs); no restart after this. */
  stop(graceMs?: number): Promise<void>;
}

async function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * TAX_NODE_PORT when set (a taken one is an error naming it); otherwise 4100, or a free port
 * when 4100 is taken (the banner and the log say which).
 */
export async function chooseTaxNodePort(explicit: number | undefined, host: string): Promise<number> {
  if (explicit !== undefined) {
    if (explicit !== 0 && !(await portIsFree(explicit, host))) throw new PortInUseError(explicit, 'TAX_NODE_PORT');
    return explicit === 0 ? anyFreePort(host) : explicit;
  }
  return (await portIsFree(DEFAULT_TAX_NODE_PORT, host)) ? DEFAULT_TAX_NODE_PORT : anyFreePort(host);
}

interface TemplateFile {
  witnessKeyFile?: string;
  [field: string]: unknown;
}

/** Writes DATA_DIR/tax-node/tax-node.json: the template, following the platform's ledger. */
export function writeChildConfig(options: Pick<LocalTaxNodeOptions, 'dataDir' | 'configTemplate' | 'ledger' | 'platformUrl'>): { file: string; witness: VerifierKey } {
  if (!existsSync(options.configTemplate)) throw new ConfigError('TAX_NODE_CONFIG', `no file at ${options.configTemplate}`);
  const template = JSON.parse(readFileSync(options.configTemplate, 'utf8')) as TemplateFile;
  if (!template.witnessKeyFile) throw new ConfigError('TAX_NODE_CONFIG', 'witnessKeyFile is required');
  const witnessKeyFile = path.resolve(path.dirname(options.configTemplate), template.witnessKeyFile);
  const witness = parseSignerKey(readFileSync(witnessKeyFile, 'utf8')).verifierKey;
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'tax-node.json');
  const config = {
    ...template,
    _comment: 'Written by npm start on every start from TAX_NODE_CONFIG (or fixtures/demo/tax-node.json): the local tax node follows this platform\'s ledger. Edits here are overwritten.',
    witnessKeyFile,
    ledgers: [{ origin: options.ledger.name, vkey: formatVerifierKey(options.ledger.verifierKey), platformUrl: options.platformUrl }],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { file, witness };
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
/** A child that stayed up this long is healthy again: the backoff starts over. */
const STABLE_MS = 60_000;

export function startLocalTaxNode(options: LocalTaxNodeOptions): LocalTaxNode {
  const { logger } = options;
  const { file, witness } = writeChildConfig(options);
  const same = (a: VerifierKey, b: VerifierKey): boolean => a.name === b.name && Buffer.from(a.publicKey).equals(Buffer.from(b.publicKey));
  if (!options.witnesses.some((w) => same(w, witness))) {
    logger.warn({ witness: formatVerifierKey(witness) }, 'the local tax node\'s witness key is not in WITNESS_VKEY_FILE: its cosignatures will not make invoices final');
  }
  const url = `http://${options.host}:${options.port}`;
  let child: ChildProcess | null = null;
  let stopping = false;
  let restarts = 0;
  let failuresInARow = 0;
  let restartTimer: NodeJS.Timeout | null = null;

  const spawnChild = (): void => {
    const startedAt = Date.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli', 'tax-node.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...options.env, PORT: String(options.port), HOST: options.host, DATA_DIR: options.dataDir, TAX_NODE_CONFIG: file },
      // the IPC channel is the child's lifeline: when it closes, the platform is gone
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    logger.info({ childPid: proc.pid, url, dataDir: options.dataDir }, 'local tax node started');
    proc.once('exit', (code, signal) => {
      if (child === proc) child = null;
      if (stopping) return;
      failuresInARow = Date.now() - startedAt > STABLE_MS ? 1 : failuresInARow + 1;
      const delay = BACKOFF_MS[Math.min(failuresInARow - 1, BACKOFF_MS.length - 1)] ?? 30_000;
      logger.error({ code, signal, restartInMs: delay }, 'local tax node exited; restarting it');
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (stopping) return;
        restarts += 1;
        spawnChild();
      }, delay);
    });
  };
  spawnChild();

  return {
    url,
    dataDir: options.dataDir,
    configFile: file,
    restarts: () => restarts,
    async ready(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the local tax node did not answer ${url}/healthz within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
      logger.info('local tax node stopped');
    },
  };
}
