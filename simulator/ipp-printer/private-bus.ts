import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PrivateBus {
  /** The value for DBUS_SYSTEM_BUS_ADDRESS. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * A throw-away D-Bus daemon. ippeveprinter (CUPS 2.4) refuses to start when its Avahi client
 * has no system bus to talk to ("Unable to initialize DNS-SD"), even with -r off; given any
 * bus it starts and simply advertises nothing. A private bus keeps tests off the host's bus
 * and needs no root.
 */
export async function startPrivateBus(dir: string): Promise<PrivateBus> {
  const socket = join(dir, 'dbus.sock');
  const child = spawn('dbus-daemon', ['--session', `--address=unix:path=${socket}`, '--nofork', '--nopidfile', '--print-address'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT' ? 'dbus-daemon is not installed: run `apt-get install dbus`' : `dbus-daemon failed to start: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}: ${err.trim()}`)));
  });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
