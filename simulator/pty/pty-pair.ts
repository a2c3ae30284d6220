import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Two linked pseudo-terminals made by socat: the driver opens one end, the simulated device the other. */
export interface PtyPair {
  /** The end a driver opens with serialport, as it would open /dev/ttyUSB0. */
  readonly hostPath: string;
  /** The end the simulated device owns. */
  readonly devicePath: string;
  /** Ends socat: both ends go away, which is what pulling the USB cable looks like. */
  close(): Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `socat` with two raw, echo-free ptys linked under a temp dir. Fails with the package to
 * install when socat is missing, never silently.
 */
export async function openPtyPair(options: { dir?: string; name?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sealdesk-pty-')));
  const ownsDir = options.dir === undefined;
  const name = options.name ?? 'dev';
  const hostPath = join(dir, `${name}-host`);
  const devicePath = join(dir, `${name}-device`);
  const child = spawn('socat', [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    if ((await exists(hostPath)) && (await exists(devicePath))) break;
    const failed = await Promise.race([spawnError, sleep(20).then(() => undefined)]);
    if (failed) {
      throw new Error(
        (failed as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'socat is not installed: run `apt-get install socat` (scripts/setup.sh does this)'
          : `socat failed to start: ${failed.message}`,
      );
    }
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create the pty pair within the timeout: ${stderr.trim()}`);
    }
  }

  return {
    hostPath,
    devicePath,
    async close() {
      child.kill('SIGTERM');
      await exited(child);
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
