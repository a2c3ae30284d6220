import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** What a running `sealdesk sim up` tells other shells: where its devices are and how to steer it. */
export interface SimState {
  pid: number;
  /** Loopback HTTP port of the control channel (see control-server.ts). */
  controlPort: number;
  idcard: string;
  receipt: string;
  /** Where each cut receipt is rendered, as receipt-N.png. */
  receiptsDir: string;
  qrscanner: string;
  /** Absent when started with --no-ipp. */
  ipp?: { uri: string; spoolDir: string };
}

export function simStatePath(home: string): string {
  return join(home, 'sim.json');
}

export async function writeSimState(home: string, state: SimState): Promise<void> {
  const path = simStatePath(home);
  // Written aside and renamed: a shell reading it never sees half a file.
  await writeFile(`${path}.part`, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(`${path}.part`, path);
}

/** The running simulators, or SIM_NOT_RUNNING-style USAGE error telling the user to start them. */
export async function readSimState(home: string): Promise<SimState> {
  const text = await readFile(simStatePath(home), 'utf8').catch(() => undefined);
  if (text === undefined) throw new SealdeskError('USAGE', { reason: 'no simulators are running here: start them with `sealdesk sim up`', reasonZh: '本机没有正在运行的模拟器，请先运行 `sealdesk sim up` 启动' });
  return JSON.parse(text) as SimState;
}

/** The same, or undefined when none run (for defaults such as --port). */
export async function findSimState(home: string): Promise<SimState | undefined> {
  return readSimState(home).catch(() => undefined);
}

export async function removeSimState(home: string): Promise<void> {
  await rm(simStatePath(home), { force: true });
}
