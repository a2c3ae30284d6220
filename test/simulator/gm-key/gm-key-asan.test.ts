import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GM_KEY_VENDORS } from '../../../simulator/gm-key/gm-key.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
let work: string;
let driver: string;
let asanModule: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sealdesk-gmkey-asan-'));
  driver = join(work, 'full-flow');
  asanModule = join(root, 'simulator/gm-key/build/libsealdesk-gmkey-asan.so');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the simulated GM key under AddressSanitizer', () => {
  it('builds warning-free with -Wall -Wextra -Werror and -fsanitize=address', async () => {
    const built = await run(join(root, 'scripts/build-gm-key.sh'), ['--asan', '--force'], { cwd: root }).catch((error: { stderr?: string }) => {
      throw new Error(`the ASan build failed (needs gcc, libssl-dev, libp11-kit-dev: scripts/setup.sh): ${error.stderr ?? String(error)}`);
    });
    expect(built.stderr).toBe('');
    const flow = await run('gcc', [
      '-std=c11', '-Wall', '-Wextra', '-Werror', '-g', '-fsanitize=address', '-fno-omit-frame-pointer', '-I/usr/include/p11-kit-1',
      '-o', driver, join(root, 'simulator/gm-key/driver/full-flow.c'), '-ldl',
    ]);
    expect(flow.stderr).toBe('');
  });

  it.each(GM_KEY_VENDORS.map((v) => [v]))('runs the whole life of a key in the %s numbering with no ASan report', async (vendor) => {
    const dir = await mkdtemp(join(work, `${vendor}-`));
    const result = await run(driver, [asanModule], {
      env: {
        PATH: process.env.PATH,
        SEALDESK_GMKEY_DIR: dir,
        SEALDESK_GMKEY_VENDOR: vendor,
        // leaks count as errors too; a report makes the exit code non-zero
        ASAN_OPTIONS: 'detect_leaks=1:exitcode=23',
      },
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      throw new Error(`full-flow exited ${error.code}: ${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    expect(result.stdout).toContain('full flow ok');
    expect(result.stderr).not.toMatch(/AddressSanitizer|LeakSanitizer/);
  });
});
