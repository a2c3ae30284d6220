import { sealdeskHome } from '../config/home.js';
import { runSimulators } from './run-simulators.js';
import type { SimState } from './sim-state.js';

/** What the device process tells its parent over the IPC channel. */
export type DeviceProcessMessage = { ready: SimState } | { failed: string };

const send = (message: DeviceProcessMessage) => process.send?.(message);

// Started by a parent with an IPC channel (spawn-device-process.ts): it ends when told (SIGTERM,
// SIGINT: Ctrl+C reaches the whole process group) or when the parent is gone (the channel closes),
// so a killed `npm start` leaves no simulator behind.
try {
  const running = await runSimulators(sealdeskHome(), { ipp: process.env.SEALDESK_SIM_IPP !== '0' });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= running.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
  send({ ready: running.state });
} catch (error) {
  send({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
