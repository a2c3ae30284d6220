import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ofdrw's files (Apache-2.0), kept outside the repository: SEALDESK_INTEROP_DIR, default ../shared/interop beside the checkout. */
export function interopDir(): string {
  const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
  return process.env.SEALDESK_INTEROP_DIR ?? resolve(root, '../shared/interop');
}

/** One of ofdrw's files; throws (the test fails loudly) when the folder is not there. */
export function ofdrwFile(name: string): string {
  const path = join(interopDir(), 'ofdrw', name);
  if (!existsSync(path)) throw new Error(`interop file ${path} is missing: set SEALDESK_INTEROP_DIR to the folder holding ofdrw/ (never copy it into the repository)`);
  return path;
}
