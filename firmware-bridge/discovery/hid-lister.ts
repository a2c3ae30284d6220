import type { DeviceInfo, DeviceLister } from './device-info.js';

/** The fields of a node-hid device listing that discovery uses. */
export interface HidListing {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
}

/** A node-hid listing as a DeviceInfo; listings without a path cannot be opened and are dropped. */
export function hidDeviceInfo(d: HidListing): DeviceInfo | undefined {
  if (!d.path) return undefined;
  const info: DeviceInfo = { kind: 'hid', path: d.path, vendorId: d.vendorId, productId: d.productId };
  if (d.serialNumber) info.serialNumber = d.serialNumber;
  if (d.manufacturer) info.manufacturer = d.manufacturer;
  if (d.product) info.product = d.product;
  return info;
}

/** HID devices through node-hid, optionally only some (e.g. a scanner's vendor id). */
export function hidLister(filter: (d: HidListing) => boolean = () => true): DeviceLister {
  return async () => {
    // Loaded on first use: serial-only terminals never load the native module.
    const hid = await import('node-hid');
    const devices: HidListing[] = await hid.devicesAsync();
    return devices.filter(filter).flatMap((d) => hidDeviceInfo(d) ?? []);
  };
}
