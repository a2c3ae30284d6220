import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestService } from '../helpers/service.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * No PIN anywhere a user, an auditor or someone with the disk could read it: the responses the
 * test saw, the audit log, and every file under SEALDESK_HOME (directory and audit databases with
 * their WAL, stamp jobs, the PIN retry counts, uploads and outputs).
 */
export async function expectNoPinLeak(service: TestService, pins: readonly string[], bodies: readonly string[]): Promise<void> {
  const audit = JSON.stringify(service.context.audit.list());
  const files = await filesUnder(service.fx.home);
  expect(files.length).toBeGreaterThan(3);
  for (const pin of pins) {
    expect(audit.includes(pin), `the audit log holds ${pin}`).toBe(false);
    expect(bodies.filter((b) => b.includes(pin)), `responses holding ${pin}`).toEqual([]);
    const needle = Buffer.from(pin, 'utf8');
    for (const file of files) expect((await readFile(file)).includes(needle), `${file} holds ${pin}`).toBe(false);
  }
}
