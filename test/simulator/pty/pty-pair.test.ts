import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { openPtyPair } from '../../../simulator/pty/pty-pair.js';

function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115200 }, (error) => (error ? reject(error) : resolve(port)));
  });
}

describe('pty pair', () => {
  it('carries bytes both ways between the host end and the device end, unaltered', async () => {
    const pair = await openPtyPair();
    const host = await openPort(pair.hostPath);
    const device = await openPort(pair.devicePath);
    try {
      const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const received: Buffer[] = [];
      const got = new Promise<void>((resolve) =>
        device.on('data', (chunk: Buffer) => {
          received.push(chunk);
          if (Buffer.concat(received).length >= all.length) resolve();
        }),
      );
      host.write(all);
      await got;
      // raw mode: no CR/LF translation, no echo, 0x00..0xFF arrive as sent
      expect(Buffer.concat(received)).toEqual(all);

      const back = new Promise<Buffer>((resolve) => host.once('data', resolve));
      device.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
      expect(await back).toEqual(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    } finally {
      await new Promise((r) => host.close(() => r(undefined)));
      await new Promise((r) => device.close(() => r(undefined)));
      await pair.close();
    }
  });

  it('removes both links when closed, as a pulled USB serial adapter removes its device node', async () => {
    const pair = await openPtyPair();
    expect(existsSync(pair.hostPath)).toBe(true);
    await pair.close();
    expect(existsSync(pair.hostPath)).toBe(false);
    expect(existsSync(pair.devicePath)).toBe(false);
  });
});
