import { existsSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { getPrinterAttributes } from '../../../drivers/docprinter/printer-attributes.js';
import type { ServiceContext } from '../service-context.js';
import { hallDevices } from './hall-devices.js';

export const DEVICE_KINDS = ['idcard', 'receipt', 'qrscanner', 'printer'] as const;

export const DeviceView = Type.Object({
  kind: Type.Union(DEVICE_KINDS.map((k) => Type.Literal(k))),
  fitted: Type.Boolean({ description: 'configured on this terminal' }),
  present: Type.Boolean({ description: 'the port exists / the printer answers' }),
  connection: Type.Union([Type.String(), Type.Null()]),
  detail: Type.String(),
  /** The receipt printer: a receipt stopped by paper out waits to be resumed. */
  waiting: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type DeviceView = Static<typeof DeviceView>;

async function printerView(uri: string | undefined): Promise<DeviceView> {
  if (!uri) return { kind: 'printer', fitted: false, present: false, connection: null, detail: 'not fitted' };
  try {
    const attributes = await getPrinterAttributes(uri, 2000);
    return { kind: 'printer', fitted: true, present: true, connection: uri, detail: `${attributes.state}${attributes.stateReasons.length ? ` (${attributes.stateReasons.join(', ')})` : ''}` };
  } catch (error) {
    return { kind: 'printer', fitted: true, present: false, connection: uri, detail: (error as Error).message };
  }
}

function serialView(kind: 'idcard' | 'receipt' | 'qrscanner', path: string | undefined): DeviceView {
  if (!path) return { kind, fitted: false, present: false, connection: null, detail: 'not fitted' };
  const present = existsSync(path);
  return { kind, fitted: true, present, connection: path, detail: present ? 'ready' : 'unplugged' };
}

/** Every kind of hall device, fitted or not, so a page can show all four at a glance. */
export async function deviceStatus(context: ServiceContext): Promise<DeviceView[]> {
  const { devices } = context;
  const receipt = serialView('receipt', devices.receipt);
  return [
    serialView('idcard', devices.idcard),
    { ...receipt, waiting: hallDevices(context).receipt?.waitingFor ?? null },
    serialView('qrscanner', devices.qrscanner),
    await printerView(devices.printerUri),
  ];
}
