import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { startPrivateBus } from './private-bus.js';

export interface IppPrinterOptions {
  /** The IPP service name, shown as printer-name. */
  name?: string;
  make?: string;
  model?: string;
  /** MIME types the printer accepts (-f); application/octet-stream is always added by ippeveprinter. */
  formats?: readonly string[];
  /** Path of ippeveprinter; by default /usr/sbin or /usr/bin (Debian cups-ipp-utils). */
  binary?: string;
  /** The print command run per job (-c); a non-zero exit makes the job aborted. Default /bin/true. */
  command?: string;
  startTimeoutMs?: number;
}

/** A real CUPS ippeveprinter on an ephemeral port, keeping every document it receives. */
export interface IppPrinter {
  /** ipp://localhost:PORT/ipp/print */
  readonly uri: string;
  /** Where received documents stay (named JOBID-JOBNAME.EXT). */
  readonly spoolDir: string;
  readonly port: number;
  close(): Promise<void>;
}

const INSTALL_HINT = 'ippeveprinter is not installed: run `apt-get install cups-ipp-utils`';

function findBinary(explicit: string | undefined): string {
  const candidates = explicit !== undefined ? [explicit] : ['/usr/sbin/ippeveprinter', '/usr/bin/ippeveprinter'];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`${INSTALL_HINT} (looked for ${candidates.join(', ')})`);
  return found;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts ippeveprinter in a temp dir: -k keeps each received file in the spool dir, and
 * -c /bin/true is the print command, so a job completes as soon as it is received (with no
 * command ippeveprinter pretends to print for seconds per job: 10 s measured). DNS-SD advertising is off.
 */
export async function startIppPrinter(options: IppPrinterOptions = {}): Promise<IppPrinter> {
  const binary = findBinary(options.binary);
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-ipp-'));
  const spoolDir = join(dir, 'spool');
  await mkdir(spoolDir);
  let bus: Awaited<ReturnType<typeof startPrivateBus>> | undefined;
  try {
    bus = await startPrivateBus(dir);
    // The port is free when asked for but another process may take it before ippeveprinter
    // binds it; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawn(
        binary,
        [
          '-r', 'off',
          '-p', String(port),
          '-n', 'localhost',
          '-d', spoolDir,
          '-k',
          '-f', (options.formats ?? ['application/pdf']).join(','),
          '-c', options.command ?? '/bin/true',
          '-M', options.make ?? 'Sealdesk',
          '-m', options.model ?? 'Hall Document Printer',
          options.name ?? 'sealdesk-docprinter',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: bus.address } },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
      const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
      let ready = false;
      while (!ready) {
        const failed = await Promise.race([spawnError, sleep(25).then(() => undefined)]);
        if (failed) throw new Error((failed as NodeJS.ErrnoException).code === 'ENOENT' ? INSTALL_HINT : `ippeveprinter failed to start: ${failed.message}`);
        if (child.exitCode !== null) break;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`ippeveprinter did not listen on port ${port} in time: ${stderr.trim()}`);
        }
        ready = await accepts(port);
      }
      if (!ready) {
        if (attempt < 3) continue;
        throw new Error(`ippeveprinter exited with ${child.exitCode}: ${stderr.trim()}`);
      }
      const ownBus = bus;
      return {
        uri: `ipp://localhost:${port}/ipp/print`,
        spoolDir,
        port,
        async close() {
          child.kill('SIGTERM');
          await exited(child);
          await ownBus.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await bus?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
