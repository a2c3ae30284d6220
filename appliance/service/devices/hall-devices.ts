import type { ServiceContext } from '../service-context.js';
import { CardDesk } from './card-desk.js';
import { DeviceQueue } from './device-queue.js';
import { HallReceiptPrinter } from './hall-receipt-printer.js';

/** The devices' live state for one service: who holds which line, the cards read, the open receipt printer. */
export interface HallDeviceState {
  queue: DeviceQueue;
  cards: CardDesk;
  receipt: HallReceiptPrinter | undefined;
  close(): Promise<void>;
}

// one per service context (tests run several services in one process), gone with it
const states = new WeakMap<ServiceContext, HallDeviceState>();

export function hallDevices(context: ServiceContext): HallDeviceState {
  let state = states.get(context);
  if (!state) {
    const receipt = context.devices.receipt ? new HallReceiptPrinter(context.devices.receipt) : undefined;
    state = { queue: new DeviceQueue(), cards: new CardDesk(), receipt, close: async () => void (await receipt?.close()) };
    states.set(context, state);
  }
  return state;
}
