import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';
import { nodeIdentity } from '../transport/node-identity.js';
import type { DeviceInfo, DeviceLister } from './device-info.js';

/** USB and built-in serial ports as the OS reports them (udev on Linux). Ptys never appear here. */
export function systemSerialLister(): DeviceLister {
  return async () => {
    const ports = await SerialPort.list();
    return ports.map((p) => {
      const info: DeviceInfo = { kind: 'serial', path: p.path };
      if (p.vendorId) info.vendorId = parseInt(p.vendorId, 16);
      if (p.productId) info.productId = parseInt(p.productId, 16);
      if (p.serialNumber) info.serialNumber = p.serialNumber;
      if (p.manufacturer) info.manufacturer = p.manufacturer;
      return info;
    });
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Configured paths, for what the OS does not list: ptys, /dev/serial/by-id links, fixed names.
 * A pattern may use * and ? in its last part (e.g. /dev/ttyUSB*, /run/sealdesk/idcard-*).
 */
export function pathLister(patterns: readonly string[]): DeviceLister {
  return async () => {
    const found: DeviceInfo[] = [];
    for (const pattern of patterns) {
      const name = basename(pattern);
      const names = /[*?]/.test(name)
        ? (await readdir(dirname(pattern)).catch(() => [] as string[])).filter((n) => globToRegExp(name).test(n))
        : [name];
      for (const n of names) {
        const path = join(dirname(pattern), n);
        const id = await nodeIdentity(path);
        if (id !== undefined) found.push({ kind: 'serial', path, identity: id });
      }
    }
    return found;
  };
}
