/**
 * A load balancer for tests and benchmarks: a TCP proxy on a free 127.0.0.1 port, round-robin
 * over the backends' ports with no stickiness, as a plain reverse proxy in front of several nodes
 * is. A backend that refuses the connection is skipped, so once a node dies the clients'
 * reconnects land on the living ones. A backend's connection ending ends the client's too.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface Balancer {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Connections handed to each backend so far, by its port. */
  connections: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backends: number[]): Promise<Balancer> {
  const connections = new Map(backends.map((port) => [port, 0]));
  const open = new Set<Socket>();
  let next = 0;

  /** Tries each backend once, from the next in turn; null when none accepts. */
  const connect = async (): Promise<Socket | null> => {
    for (let tried = 0; tried < backends.length; tried++) {
      const port = backends[next++ % backends.length]!;
      const upstream = await new Promise<Socket | null>((resolve) => {
        const socket = createConnection({ port, host: '127.0.0.1' });
        socket.once('connect', () => resolve(socket));
        socket.once('error', () => resolve(null));
      });
      if (upstream) {
        connections.set(port, connections.get(port)! + 1);
        return upstream;
      }
    }
    return null;
  };

  const server = createServer({ pauseOnConnect: true }, async function proxy(client) {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    const upstream = await connect();
    if (!upstream || client.destroyed) {
      upstream?.destroy();
      return client.destroy();
    }
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections,
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
