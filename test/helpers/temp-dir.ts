import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterFile } from './after-file.js';

/** A temp dir `sealdesk-<prefix>-…` for this test file, removed after it (also when made in a hook). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `sealdesk-${prefix}-`));
  afterFile(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
