import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { isHidDisconnect, toOutputReports } from '../../../firmware-bridge/transport/hid-reports.js';
import { HidTransport, type HidDeviceHandle } from '../../../firmware-bridge/transport/hid-transport.js';

// No HID device can exist here (no /dev/uhid), so these test the mapping between bytes and
// reports and the event handling against a stand-in handle, not node-hid itself.

class Handle extends EventEmitter implements HidDeviceHandle {
  written: Buffer[] = [];
  failWrites = false;
  closed = false;
  async write(values: Buffer): Promise<number> {
    if (this.failWrites) throw new Error('Cannot write to hid device');
    this.written.push(values);
    return values.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('HID reports', () => {
  it('prefixes the report id and zero-pads the last report', () => {
    const reports = toOutputReports(Buffer.from([1, 2, 3, 4, 5]), 4, 2);
    expect(reports.map((r) => r.toString('hex'))).toEqual(['0201020304', '0205000000']);
  });

  it('makes no report for no bytes', () => {
    expect(toOutputReports(Buffer.alloc(0), 64)).toEqual([]);
  });

  it('recognises hidapi disconnect messages only', () => {
    expect(isHidDisconnect(new Error('could not read from HID device'))).toBe(true);
    expect(isHidDisconnect(new Error('Cannot write to hid device'))).toBe(true);
    expect(isHidDisconnect(new Error('bad parameter'))).toBe(false);
  });
});

describe('HID transport', () => {
  it('passes input reports on as data and writes reports out', async () => {
    const handle = new Handle();
    const hid = new HidTransport({ path: '/dev/hidraw7', reportSize: 8, opener: async () => handle });
    await hid.open();
    const got = new Promise<Buffer>((resolve) => hid.once('data', resolve));
    handle.emit('data', Buffer.from([0x02, 0, 0x04, 0, 0, 0, 0, 0]));
    expect((await got)[2]).toBe(0x04);
    await hid.write(Buffer.from('hi'));
    expect(handle.written.map((r) => r.toString('hex'))).toEqual(['0068690000000000' + '00']);
  });

  it('turns a read error that means unplug into close with DEVICE_DISCONNECTED', async () => {
    const handle = new Handle();
    const hid = new HidTransport({ path: '/dev/hidraw7', opener: async () => handle });
    await hid.open();
    const closed = new Promise<unknown>((resolve) => hid.once('close', resolve));
    handle.emit('error', new Error('could not read from HID device'));
    expect(isSealdeskError(await closed, 'DEVICE_DISCONNECTED')).toBe(true);
    expect(hid.isOpen).toBe(false);
    expect(handle.closed).toBe(true);
  });

  it('fails a write to a removed device with DEVICE_DISCONNECTED', async () => {
    const handle = new Handle();
    const hid = new HidTransport({ path: '/dev/hidraw7', opener: async () => handle });
    await hid.open();
    handle.failWrites = true;
    await expect(hid.write(Buffer.from([1]))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(hid.isOpen).toBe(false);
  });

  it('reports a device that cannot be opened as DEVICE_DISCONNECTED', async () => {
    // the real node-hid opener: hidapi itself says the node does not exist
    const hid = new HidTransport({ path: '/dev/hidraw99' });
    const error = await hid.open().then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_DISCONNECTED', details: { device: '/dev/hidraw99' } });
    expect(String((error as Error).cause)).toContain('/dev/hidraw99');
  });
});
