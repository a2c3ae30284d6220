import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Another implementation's files, for interop tests: `SEALDESK_INTEROP_DIR`, by default
 * `../shared/interop` beside the repository. They are read in place, never copied into the repo;
 * when the folder is missing the test fails saying so, rather than skipping quietly.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function interopDir(): string {
  const dir = resolve(repoRoot, process.env.SEALDESK_INTEROP_DIR ?? '../shared/interop');
  if (!existsSync(dir)) {
    throw new Error(`The interop samples are missing: ${dir} does not exist. Set SEALDESK_INTEROP_DIR to the folder holding ofdrw/ (see its README).`);
  }
  return dir;
}

/** A sample's path, e.g. interopPath('ofdrw/UserV4.esl'); fails loudly when it is not there. */
export function interopPath(relative: string): string {
  const path = join(interopDir(), relative);
  if (!existsSync(path)) throw new Error(`The interop sample ${relative} is missing from ${interopDir()}.`);
  return path;
}

export function readInterop(relative: string): Promise<Buffer> {
  return readFile(interopPath(relative));
}
