import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import '../../firmware-bridge/errors/transport.js';
import type { PinLoginAnswer } from './pin-login-child.js';

// From the sources (tsx, vitest) the child is TypeScript run through tsx; in the built CLI it is
// the bundle's pin-login-child.js beside this chunk (scripts/build-cli.ts lists it as an entry).
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(FROM_SOURCES ? './pin-login-child.ts' : './pin-login-child.js', import.meta.url));

/** A process start through tsx on a busy 2-core machine takes seconds; a key that hangs longer is killed. */
export const PIN_LOGIN_TIMEOUT_MS = 20_000;

function childArgs(modulePath: string, serial: string): string[] {
  if (!FROM_SOURCES) return [ENTRY, modulePath, serial];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, ENTRY, modulePath, serial];
}

/**
 * C_Login(user, pin) then C_Logout and C_Finalize in a child process that loads the same module:
 * a second PKCS#11 application, whose login leaves the appliance's own untouched (see
 * docs/decisions.md, "Counter PIN check on GM keys"). The key's own retry counter counts the try.
 * Asynchronous: the event loop goes on while the child starts and the key answers.
 */
export function loginInChild(modulePath: string, serial: string, pin: string, options: { timeoutMs?: number; token?: string } = {}): Promise<PinLoginAnswer> {
  const device = options.token ?? serial;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(modulePath, serial), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      reject(new SealdeskError('DEVICE_TIMEOUT', { device }));
    }, options.timeoutMs ?? PIN_LOGIN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new SealdeskError('DEVICE_ERROR', { reason: error.message }, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return; // already rejected
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as PinLoginAnswer);
      } catch {
        reject(new SealdeskError('DEVICE_ERROR', { reason: `the PIN check ended (${signal ?? code}) without an answer: ${stderr.trim().slice(0, 200)}` }));
      }
    });
    // the PIN goes on stdin only: argv and the environment are readable by others through /proc
    child.stdin.on('error', () => {}); // a child that died first: its exit says why
    child.stdin.end(pin, 'utf8');
  });
}
