import type { PinVariable } from './pin-input.js';

/**
 * Takes a PIN variable out of the process environment: the value is returned once and the
 * variable removed, so that no child process (SoftHSM tools, anvil, ippeveprinter, a TSA) inherits
 * it and no later code finds it lying there. (/proc/PID/environ still shows the environment the
 * process started with: give a long-running service its PIN through a systemd credential.)
 */
export function takeSecret(variable: PinVariable): string | undefined {
  const value = process.env[variable];
  delete process.env[variable];
  return value === '' ? undefined : value;
}
