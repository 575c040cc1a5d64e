// A merchant's system for the outbox tests: a real HTTP server on 127.0.0.1 that records every
// delivery (headers, raw body, the injected clock's time) and answers as `answer` says — a
// status, or 'hang' to keep the request open until the receiver closes.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/domain/index.js';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The injected clock's time when the request arrived. */
  readonly atMs: number;
}

export interface EventReceiver {
  readonly url: string;
  readonly received: Received[];
  /** Requests answered so far plus those held open. */
  readonly hanging: number;
  close(): Promise<void>;
}

export async function startEventReceiver(clock: Clock, answer: (n: number, body: Buffer) => number | 'hang'): Promise<EventReceiver> {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ headers: req.headers, body, atMs: clock.now().getTime() });
      const a = answer(received.length, body);
      if (a === 'hang') held.push(res);
      else res.writeHead(a, { 'content-type': 'text/plain' }).end(a < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/chain-invoice/events`,
    received,
    get hanging() {
      return held.length;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
