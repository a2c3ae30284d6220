import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { TcpTransport } from '../../../firmware-bridge/transport/tcp-transport.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(() => r(undefined)));
});

/** A local "printer" on an ephemeral port; resolves its port and each accepted socket. */
async function listen(): Promise<{ port: number; accepted: Promise<Socket> }> {
  let accept: (s: Socket) => void = () => undefined;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((socket) => accept(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, accepted };
}

describe('TCP transport', () => {
  it('sends bytes to a raw-port device and receives its answers', async () => {
    const { port, accepted } = await listen();
    const tcp = new TcpTransport({ host: '127.0.0.1', port });
    await tcp.open();
    expect(tcp.path).toBe(`127.0.0.1:${port}`);
    const socket = await accepted;
    const atPrinter = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    await tcp.write(Buffer.from([0x10, 0x04, 0x01]));
    expect(await atPrinter).toEqual(Buffer.from([0x10, 0x04, 0x01]));
    const back = new Promise<Buffer>((resolve) => tcp.once('data', resolve));
    socket.write(Buffer.from([0x12]));
    expect(await back).toEqual(Buffer.from([0x12]));
    await tcp.close();
    expect(tcp.isOpen).toBe(false);
  });

  it('reports the peer hanging up as a close with DEVICE_DISCONNECTED', async () => {
    const { port, accepted } = await listen();
    const tcp = new TcpTransport({ host: '127.0.0.1', port });
    await tcp.open();
    const closed = new Promise<unknown>((resolve) => tcp.once('close', resolve));
    (await accepted).destroy();
    expect(isSealdeskError(await closed, 'DEVICE_DISCONNECTED')).toBe(true);
    await expect(tcp.write(Buffer.from([1]))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('fails to open a port nobody listens on with DEVICE_DISCONNECTED', async () => {
    const { port } = await listen();
    await new Promise((r) => servers.pop()?.close(() => r(undefined)));
    const tcp = new TcpTransport({ host: '127.0.0.1', port });
    await expect(tcp.open()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });
});
