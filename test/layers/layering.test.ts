import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

// `npm run layers` checks the real tree; this shows the rules bite, on a tree made to break them.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-layers-'));
  await cp(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  await cp(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  // appliance/service/: a file of appliance/ belongs to a layer's folder (rule appliance-folder-has-a-layer)
  for (const folder of ['appliance/service', 'drivers', 'firmware-bridge', 'simulator']) await mkdir(join(dir, folder), { recursive: true });
  await writeFile(join(dir, 'firmware-bridge', 'wire.ts'), 'export const wire = 1;\n');
  await writeFile(join(dir, 'drivers', 'reader.ts'), "import { wire } from '../firmware-bridge/wire.js';\nexport const reader = wire;\n");
  await writeFile(join(dir, 'appliance', 'service', 'service.ts'), "import { reader } from '../../drivers/reader.js';\nexport const service = reader;\n");
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function cruise(): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['--config', '.dependency-cruiser.cjs', 'appliance', 'drivers', 'firmware-bridge', 'simulator'], { cwd: dir });
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout: string; stderr: string };
    return { ok: false, output: e.stdout + e.stderr };
  }
}

describe('layering rules', () => {
  it('accept appliance → drivers → firmware-bridge', async () => {
    expect(await cruise()).toMatchObject({ ok: true });
  });

  it.each([
    ['drivers-below-appliance', 'drivers/upward.ts', "import { service } from '../appliance/service/service.js';\nexport const x = service;\n"],
    ['firmware-bridge-is-the-bottom', 'firmware-bridge/upward.ts', "import { reader } from '../drivers/reader.js';\nexport const x = reader;\n"],
    ['simulator-is-independent', 'simulator/device.ts', "import { reader } from '../drivers/reader.js';\nexport const x = reader;\n"],
  ])('reject a %s violation', async (rule, file, source) => {
    await writeFile(join(dir, file), source);
    try {
      const result = await cruise();
      expect(result.ok).toBe(false);
      expect(result.output).toContain(rule);
    } finally {
      await rm(join(dir, file));
    }
  });
});
