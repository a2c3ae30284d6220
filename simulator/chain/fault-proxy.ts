import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to each request: pass it on; drop it (hold the connection, never answer:
 * a client sees a timeout); delay it by ms; reset the TCP connection; answer 503.
 */
export type Fault = { kind: 'pass' } | { kind: 'drop' } | { kind: 'delay'; ms: number } | { kind: 'reset' } | { kind: 'unavailable' };

export interface FaultProxy {
  readonly url: string;
  /** Requests seen since start (whatever happened to them). */
  readonly requests: number;
  /** The JSON-RPC method of every request seen, in order (each call of a batch). */
  readonly methods: readonly string[];
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const upstream = request(
    { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  upstream.end(body);
}

/** A loopback HTTP proxy in front of a JSON-RPC node, for failover tests. */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let fault: Fault = { kind: 'pass' };
  let requests = 0;
  const methods: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString()) as { method?: unknown } | Array<{ method?: unknown }>;
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) methods.push(String(call.method));
      } catch {
        methods.push('(not JSON)');
      }
      const now = fault;
      switch (now.kind) {
        case 'pass':
          return forward(target, req, res, body);
        case 'drop':
          return; // hold it: the socket is destroyed at close()
        case 'delay':
          setTimeout(() => forward(target, req, res, body), now.ms);
          return;
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'unavailable':
          res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get methods() {
      return methods;
    },
    setFault(next) {
      fault = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
