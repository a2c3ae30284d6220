import { Type, type Static } from '@sinclair/typebox';
import { DEVICE_KIND_NAMES, DEVICE_KINDS, type DeviceKindName } from '../../devices/device-kinds.js';
import type { ServiceContext } from '../service-context.js';
import { hallDevices } from './hall-devices.js';

const RECEIPT_ACTIVITIES = ['idle', 'printing', 'paper-out', 'cover-open', 'offline', 'no-reply'] as const;

export const DeviceView = Type.Object({
  kind: Type.Union(DEVICE_KIND_NAMES.map((k) => Type.Literal(k))),
  fitted: Type.Boolean({ description: 'configured on this terminal' }),
  present: Type.Boolean({ description: 'the port exists / the printer answers' }),
  connection: Type.Union([Type.String(), Type.Null()]),
  detail: Type.String(),
  /** The receipt printer: a receipt the printer stopped (paper out, cover open, offline) waits to be resumed. */
  waiting: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The receipt printer: what it is doing, so a panel names the real state (printing, paper out, no reply…). */
  activity: Type.Optional(Type.Union(RECEIPT_ACTIVITIES.map((a) => Type.Literal(a)))),
});
export type DeviceView = Static<typeof DeviceView>;

async function view(kind: DeviceKindName, connection: string | undefined): Promise<DeviceView> {
  if (!connection) return { kind, fitted: false, present: false, connection: null, detail: 'not fitted' };
  return { kind, fitted: true, connection, ...(await DEVICE_KINDS[kind].probe(connection)) };
}

/** Every kind of hall device, fitted or not, so a page can show them all at a glance. */
export async function deviceStatus(context: ServiceContext): Promise<DeviceView[]> {
  const views = await Promise.all(DEVICE_KIND_NAMES.map((kind) => view(kind, context.devices[DEVICE_KINDS[kind].configKey])));
  const receipt = hallDevices(context).receipt;
  return views.map((v) => (v.kind === 'receipt' ? { ...v, waiting: receipt?.waitingFor ?? null, activity: receipt?.activity ?? 'idle' } : v));
}
