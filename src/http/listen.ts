// Listening on a port with an answer a person can act on: a taken port is reported as such,
// naming the variable that chose it, instead of a later null dereference of server.address().
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly variable: string) {
    super(`port ${port} is in use (${variable}=${port})`);
    this.name = 'PortInUseError';
  }
}

export interface Listenable {
  listen(port: number, host: string, callback: (error?: Error) => void): Server;
}

/** Listens on host:port; resolves with the server and the port it got (port 0 picks a free one). */
export async function listenOn(app: Listenable, port: number, host: string, variable = 'PORT'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    // express 5 calls the callback with the error too (the null address() of the old message)
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return void fail(error);
      server.off('error', fail);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
    function fail(err: NodeJS.ErrnoException): void {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : err);
    }
    server.once('error', fail);
  });
}
