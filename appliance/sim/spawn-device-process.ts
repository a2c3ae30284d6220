import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DeviceProcessMessage } from './device-process-main.js';
import type { SimState } from './sim-state.js';

const ENTRY = fileURLToPath(new URL('./device-process.js', import.meta.url));
/** A device process that does not end on SIGTERM within this is killed. */
const STOP_GRACE_MS = 10_000;

export interface DeviceProcess {
  readonly pid: number;
  readonly state: SimState;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the simulated hall devices in a process of their own, as real devices are outside the
 * service: drawing a receipt or a busy simulator never stalls the service's event loop, and the
 * service reaches them only over their wires (ptys, IPP). Resolves once they are up, with the
 * paths they recorded in sim.json.
 */
export async function spawnDeviceProcess(home: string, options: { ipp?: boolean } = {}): Promise<DeviceProcess> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, SEALDESK_HOME: home, SEALDESK_SIM_IPP: options.ipp === false ? '0' : '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const state = await new Promise<SimState>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the simulated devices' process ended (${signal ?? code}) before it was ready`)));
    child.on('message', (message: DeviceProcessMessage) => {
      if ('ready' in message) resolve(message.ready);
      else reject(new Error(`the simulated devices did not start: ${message.failed}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited(child);
    throw error;
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('message');
  return {
    pid: child.pid!,
    state,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited(child);
      clearTimeout(killer);
      if (child.connected) child.disconnect();
    },
  };
}
