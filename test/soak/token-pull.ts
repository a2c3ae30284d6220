import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Pulls the hall's USB key from outside its process, as the SoftHSM simulator does in-process
 * (simulator/softhsm/softhsm.ts pull/plug): the token's directory leaves SoftHSM's token dir,
 * so to the module the key is gone; moved back, it is plugged in again.
 */
export async function tokenDirOf(home: string, label: string): Promise<string> {
  const tokens = join(home, 'softhsm', 'tokens');
  for (const dir of await readdir(tokens)) {
    const object = await readFile(join(tokens, dir, 'token.object')).catch(() => undefined);
    if (object?.includes(Buffer.from(label))) return dir;
  }
  throw new Error(`no SoftHSM token labelled ${label} under ${tokens}`);
}

export async function pullToken(home: string, dir: string): Promise<void> {
  await mkdir(join(home, 'softhsm', 'pulled'), { recursive: true, mode: 0o700 });
  await rename(join(home, 'softhsm', 'tokens', dir), join(home, 'softhsm', 'pulled', dir));
}

export async function plugToken(home: string, dir: string): Promise<void> {
  await rename(join(home, 'softhsm', 'pulled', dir), join(home, 'softhsm', 'tokens', dir));
}
