// Both nodes' HTTP edges listening on 127.0.0.1 (port 0), in this process, for the security
// tests: a real server, real sockets, requests with fetch, elapsed times measured per request.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type express from 'express';
import { pino } from 'pino';
import { systemClock } from '../../src/domain/index.js';
import { createApp } from '../../src/http/app.js';
import { randomIds } from '../../src/shared/ids.js';
import { createTaxNodeApp } from '../../src/tax-node/app.js';
import { loadTaxNodeConfig } from '../../src/tax-node/config.js';
import { openTaxNode, type TaxNode } from '../../src/tax-node/node.js';
import { DEMO_MERCHANT, startTestPlatform, type TestPlatform } from './platform-harness.js';

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, an ephemeral port. */
export async function listen(app: express.Express): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export interface EdgeNode extends Listening {
  readonly name: 'platform' | 'tax node';
  /** An API key accepted by this node (MERCHANT on the platform, TAX_AUTHORITY on the tax node). */
  readonly key: string;
}

export interface PlatformEdge extends EdgeNode {
  readonly test: TestPlatform;
}

export interface TaxNodeEdge extends EdgeNode {
  readonly node: TaxNode;
}

/** The platform of test/support/platform-harness.ts, listening; `introspection` sets the development flag. */
export async function startPlatformEdge(options: { introspection?: boolean } = {}): Promise<PlatformEdge> {
  const test = await startTestPlatform();
  // the harness's app has the flag's default; another app on the same platform sets it
  const built: { app: express.Express; stop(): Promise<void> } = options.introspection === undefined
    ? { app: test.app, stop: async () => undefined }
    : await createApp({ platform: test.platform, logger: pino({ level: 'silent' }), reconcileDeps: test.reconcileDeps, graphqlIntrospection: options.introspection });
  const listening = await listen(built.app);
  return {
    name: 'platform', key: DEMO_MERCHANT.apiKey, test, url: listening.url,
    async close() {
      await listening.close();
      await built.stop();
      await test.close();
    },
  };
}

/** The demo tax node (fixtures/demo/tax-node.json) on a temporary DATA_DIR, listening. */
export async function startTaxNodeEdge(env: Record<string, string> = {}): Promise<TaxNodeEdge> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-tax-edge-'));
  const config = loadTaxNodeConfig({ DATA_DIR: dir, ...env });
  const node = openTaxNode(config, { clock: systemClock, ids: randomIds });
  const { app, stop } = await createTaxNodeApp(node, pino({ level: 'silent' }));
  const listening = await listen(app);
  return {
    name: 'tax node', key: (config.initialApiKeys[0] as { key: string }).key, node, url: listening.url,
    async close() {
      await listening.close();
      await stop();
      node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly text: string;
  readonly body: {
    data?: unknown;
    errors?: Array<{ message: string; extensions?: { code?: string; detail?: string } }>;
    error?: { code: string; message: string };
  } | null;
}

/** POSTs a raw body (a string is sent as is) and times the answer. */
export async function postRaw(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = null; // not JSON: the tests assert on that
  }
  return { status: res.status, ms, text, body: parsed };
}

/** POST /graphql with `{ query, variables }`, with a Bearer key when given. */
export function gqlAt(node: Listening, query: string, options: { key?: string; variables?: Record<string, unknown> } = {}): Promise<Answer> {
  return postRaw(`${node.url}/graphql`, JSON.stringify({ query, variables: options.variables ?? {} }), options.key ? { authorization: `Bearer ${options.key}` } : {});
}

/** GET a path, timed. */
export async function getTimed(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

/**
 * `query { ...F<n> }` where F0 selects `health` and every Fi spreads F(i-1) twice: a document
 * of a few hundred bytes standing for 2^n fields.
 */
export function doublingFragments(n: number, rootType = 'Query'): string {
  let doc = `query { ...F${n} } fragment F0 on ${rootType} { health }`;
  for (let i = 1; i <= n; i += 1) doc += ` fragment F${i} on ${rootType} { ...F${i - 1} ...F${i - 1} }`;
  return doc;
}
