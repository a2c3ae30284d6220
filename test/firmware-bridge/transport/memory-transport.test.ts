import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { createMemoryPair } from '../../../firmware-bridge/transport/memory-transport.js';

describe('in-memory transport pair', () => {
  it('delivers bytes to the other end only, as copies', async () => {
    const [host, device] = createMemoryPair('t');
    const got = new Promise<Buffer>((resolve) => device.once('data', resolve));
    let echoed = false;
    host.on('data', () => (echoed = true));
    const data = Buffer.from([1, 2, 3]);
    await host.write(data);
    data[0] = 9; // the caller reusing its buffer must not change what was sent
    expect(await got).toEqual(Buffer.from([1, 2, 3]));
    expect(echoed).toBe(false);
  });

  it('closing one end is an unplug for the other: close with DEVICE_DISCONNECTED', async () => {
    const [host, device] = createMemoryPair('t');
    const closed = new Promise<unknown>((resolve) => host.once('close', resolve));
    await device.close();
    const error = await closed;
    expect(isSealdeskError(error, 'DEVICE_DISCONNECTED')).toBe(true);
    expect(host.isOpen).toBe(false);
    await expect(host.write(Buffer.from([1]))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('a deliberate close() reports no error', async () => {
    const [host] = createMemoryPair('t');
    const closed = new Promise<unknown>((resolve) => host.once('close', resolve));
    await host.close();
    expect(await closed).toBeUndefined();
  });
});
