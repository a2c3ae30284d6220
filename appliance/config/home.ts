import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** SEALDESK_HOME (default ~/.sealdesk): all state lives here, nothing in the repository. */
export function sealdeskHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = resolve(env.SEALDESK_HOME || join(homedir(), '.sealdesk'));
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}
