/** A device as discovery sees it, before anything opens it. */
export interface DeviceInfo {
  kind: 'serial' | 'hid';
  path: string;
  /** Changes when the node at the same path is a different device (re-plugged, new pty). */
  identity?: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
}

/** Lists the devices present now. */
export type DeviceLister = () => Promise<DeviceInfo[]>;
