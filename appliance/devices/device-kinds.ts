import { existsSync } from 'node:fs';
import { getPrinterAttributes } from '../../drivers/docprinter/printer-attributes.js';
import { IdCardReader } from '../../drivers/idcard/idcard-reader.js';
import { SerialQrScanner } from '../../drivers/qrscanner/serial-qr-scanner.js';
import { ReceiptPrinter } from '../../drivers/receipt/receipt-printer.js';
import { DocPrinter } from '../../drivers/docprinter/doc-printer.js';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';

/** Is the device there, as /api/devices shows it. */
export interface DeviceProbe {
  present: boolean;
  detail: string;
}

export interface OpenedDevice<Driver> {
  readonly driver: Driver;
  close(): Promise<void>;
}

/** What the appliance knows of one kind of hall device; its simulator is registered beside the dev entry points (appliance/sim/simulated-devices.ts). */
export interface DeviceKind<Driver = unknown> {
  /** Its key in serve.json's "devices", in the service's HallDevices and in sim.json's connections. */
  readonly configKey: string;
  /** serial: a port path (ptys, /dev/serial/by-id/… included), found by the serial listers; ipp: a printer URI. */
  readonly wire: 'serial' | 'ipp';
  /** What serve.json's schema says of the key. */
  readonly configDescription: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The driver on that connection, opened; close() ends the connection. */
  open(connection: string): Promise<OpenedDevice<Driver>>;
  probe(connection: string): Promise<DeviceProbe>;
}

const SERIAL_BAUD = 115_200;

async function serialProbe(path: string): Promise<DeviceProbe> {
  const present = existsSync(path);
  return { present, detail: present ? 'ready' : 'unplugged' };
}

async function ippProbe(uri: string): Promise<DeviceProbe> {
  try {
    const attributes = await getPrinterAttributes(uri, 2000);
    return { present: true, detail: `${attributes.state}${attributes.stateReasons.length ? ` (${attributes.stateReasons.join(', ')})` : ''}` };
  } catch (error) {
    return { present: false, detail: (error as Error).message };
  }
}

/** A driver over a serial port opened for it. */
async function overSerial<Driver>(path: string, make: (transport: SerialTransport) => Driver): Promise<OpenedDevice<Driver>> {
  const transport = new SerialTransport({ path, baudRate: SERIAL_BAUD });
  await transport.open();
  return { driver: make(transport), close: () => transport.close() };
}

/**
 * The hall's device kinds: the one registration a new kind adds (beside its driver and its
 * simulator). Configuration, /api/devices, `devices list`, the CLI's port lookup and the demo
 * hall loop over it.
 */
export const DEVICE_KINDS = {
  idcard: {
    configKey: 'idcard',
    wire: 'serial',
    configDescription: 'serial port of the ID-card reader, e.g. /dev/ttyUSB0',
    name: { zh: '身份证阅读器', en: 'ID-card reader' },
    open: async (path: string) => {
      const reader = await IdCardReader.open(path);
      return { driver: reader, close: () => reader.close() };
    },
    probe: serialProbe,
  },
  receipt: {
    configKey: 'receipt',
    wire: 'serial',
    configDescription: 'serial port of the receipt printer',
    name: { zh: '小票打印机', en: 'receipt printer' },
    open: (path: string) => overSerial(path, (transport) => new ReceiptPrinter(transport)),
    probe: serialProbe,
  },
  qrscanner: {
    configKey: 'qrscanner',
    wire: 'serial',
    configDescription: 'serial port of the QR scanner',
    name: { zh: '扫码器', en: 'QR scanner' },
    open: (path: string) => overSerial(path, (transport) => new SerialQrScanner(transport)),
    probe: serialProbe,
  },
  printer: {
    configKey: 'printerUri',
    wire: 'ipp',
    configDescription: 'the document printer, ipp://host:631/ipp/print',
    name: { zh: '文件打印机', en: 'document printer' },
    open: async (uri: string) => ({ driver: new DocPrinter(uri), close: async () => undefined }),
    probe: ippProbe,
  },
} as const satisfies Record<string, DeviceKind>;

export type DeviceKindName = keyof typeof DEVICE_KINDS;
export type DeviceConfigKey = (typeof DEVICE_KINDS)[DeviceKindName]['configKey'];
/** The kinds reached over a serial port. */
export type SerialDeviceKind = { [K in DeviceKindName]: (typeof DEVICE_KINDS)[K]['wire'] extends 'serial' ? K : never }[DeviceKindName];

export const DEVICE_KIND_NAMES = Object.keys(DEVICE_KINDS) as DeviceKindName[];

/** Where the hall's devices are (serial paths, the IPP printer's URI), by config key; absent ones are not fitted. */
export type HallDevices = Partial<Record<DeviceConfigKey, string>>;

export function isSerialKind(kind: DeviceKindName): kind is SerialDeviceKind {
  return DEVICE_KINDS[kind].wire === 'serial';
}
