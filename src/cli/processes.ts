// Runs the real services (`node --import tsx src/main.ts`) as a child process on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signWebhook } from '../payments/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function startService(options: { entry?: string; dataDir: string; port?: number; env?: Record<string, string> }): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, options.entry ?? 'src/main.ts')], {
    cwd: ROOT,
    // LOCAL_TAX_NODE=off: a test or the demo starts the tax node it wants itself
    env: { ...process.env, DATA_DIR: options.dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOCAL_TAX_NODE: 'off', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url, child, exited, output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Posts a signed webhook to a running service. */
export async function postWebhook(url: string, event: object, secret: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = JSON.stringify(event);
  const merchantId = (event as { merchantId?: unknown }).merchantId;
  const response = await fetch(`${url}/webhooks/payments/${encodeURIComponent(typeof merchantId === 'string' ? merchantId : '')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Chain-Invoice-Signature': signWebhook({ secret, rawBody: raw, timestamp: Math.floor(Date.now() / 1000) }) },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>, key?: string): Promise<{ status: number; data?: T; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: T; errors?: unknown[] }) };
}
