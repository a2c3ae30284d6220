import { startControlServer } from './control-server.js';
import { removeSimState, writeSimState, type SimState } from './sim-state.js';
import { startSimulatedHall } from './start-hall.js';

export interface RunningSimulators {
  state: SimState;
  stop(): Promise<void>;
}

/**
 * The simulated hall devices of this process with their control channel, recorded in sim.json
 * (pid: this process) for other shells: what `sealdesk sim up` runs, and the device process that
 * `npm start` starts beside its service.
 */
export async function runSimulators(home: string, options: { ipp?: boolean } = {}): Promise<RunningSimulators> {
  const hall = await startSimulatedHall(home, options);
  const server = await startControlServer(hall.actions).catch(async (error: unknown) => {
    await hall.close();
    throw error;
  });
  const state: SimState = { pid: process.pid, controlPort: server.port, ...hall.devices };
  const stop = async () => {
    await removeSimState(home);
    await server.close();
    await hall.close();
  };
  try {
    await writeSimState(home, state);
  } catch (error) {
    await stop();
    throw error;
  }
  return { state, stop };
}
