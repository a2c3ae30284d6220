import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export const licencesDir = (home: string): string => join(home, 'licences');

/**
 * A 32-byte secret of this terminal in SEALDESK_HOME/licences (mode 0600), made on first use.
 * Two processes racing to make it: `wx` lets one win, the other reads the winner's.
 */
function terminalSecret(home: string, name: string): Buffer {
  const dir = licencesDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  try {
    writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(path);
  if (secret.length !== 32) throw new SealdeskError('CONFIG_INVALID', { reason: `${path} must hold 32 bytes`, reasonZh: `${path} 须为 32 字节` });
  return secret;
}

/**
 * Where earlier versions kept the key that wrapped holder keys: a file beside them. The key now
 * lives on the terminal's token (licence-wrapping-key.ts); subject-keys.ts migrates and removes it.
 */
export const legacyWrappingKeyPath = (home: string): string => join(licencesDir(home), 'terminal.key');

/**
 * The salt of subject hashes: SEALDESK_SUBJECT_SALT (≥ 16 bytes, the same on every terminal of a
 * hall so one holder has one hash there), else this terminal's own.
 */
export function subjectSalt(home: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.SEALDESK_SUBJECT_SALT;
  if (configured) {
    const salt = Buffer.from(configured, 'utf8');
    if (salt.length < 16) throw new SealdeskError('CONFIG_INVALID', { reason: 'SEALDESK_SUBJECT_SALT must be at least 16 bytes', reasonZh: 'SEALDESK_SUBJECT_SALT 至少须为 16 字节' });
    return salt;
  }
  return terminalSecret(home, 'subject.salt');
}
