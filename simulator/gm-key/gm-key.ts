import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The vendor numberings the simulated key speaks (SEALDESK_GMKEY_VENDOR); see README.md here. */
export const GM_KEY_VENDORS = ['sansec', 'tass', 'luna'] as const;
export type GmKeyVendor = (typeof GM_KEY_VENDORS)[number];

/** The manufacturerID each numbering reports in CK_TOKEN_INFO (what sealdesk's SM2 profiles match). */
export const GM_KEY_MANUFACTURERS: Record<GmKeyVendor, string> = {
  sansec: 'Sansec (sealdesk simulated)',
  tass: 'TASS (sealdesk simulated)',
  luna: 'SafeNet (sealdesk simulated)',
};

export function gmKeyModulePath(options: { asan?: boolean } = {}): string {
  return join(root, 'simulator/gm-key/build', options.asan ? 'libsealdesk-gmkey-asan.so' : 'libsealdesk-gmkey.so');
}

/**
 * Builds the module when missing or older than its sources (scripts/build-gm-key.sh, as setup
 * does), so a test run on a fresh checkout works. A build that cannot run says what to install.
 */
export async function buildGmKey(options: { asan?: boolean } = {}): Promise<string> {
  try {
    await run(join(root, 'scripts/build-gm-key.sh'), options.asan ? ['--asan'] : [], { cwd: root });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(
      `the simulated GM key did not build (needs gcc, libssl-dev and libp11-kit-dev: run scripts/setup.sh as root): ${stderr || (error as Error).message}`,
    );
  }
  const path = gmKeyModulePath(options);
  if (!existsSync(path)) throw new Error(`the simulated GM key build left no ${path}`);
  return path;
}

/** One simulated GM USB key: its token directory and the environment the module reads at C_Initialize. */
export interface GmKey {
  readonly modulePath: string;
  readonly dir: string;
  readonly vendor: GmKeyVendor;
  readonly env: { SEALDESK_GMKEY_DIR: string; SEALDESK_GMKEY_VENDOR: GmKeyVendor; SEALDESK_GMKEY_PIN_TRIES: string };
  /** Sets process.env for a module loaded in this process (it reads it at C_Initialize). */
  useInProcess(): void;
  /** Pulls the key out: sessions fail with CKR_DEVICE_REMOVED, the slot has no token. */
  pull(): Promise<void>;
  /** Plugs it back in, with everything it held. */
  plug(): Promise<void>;
  close(): Promise<void>;
}

export async function startGmKey(options: { vendor?: GmKeyVendor; pinTries?: number; asan?: boolean } = {}): Promise<GmKey> {
  const modulePath = await buildGmKey({ asan: options.asan });
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-gmkey-'));
  const vendor = options.vendor ?? 'sansec';
  const env = { SEALDESK_GMKEY_DIR: dir, SEALDESK_GMKEY_VENDOR: vendor, SEALDESK_GMKEY_PIN_TRIES: String(options.pinTries ?? 6) };
  return {
    modulePath,
    dir,
    vendor,
    env,
    useInProcess() {
      Object.assign(process.env, env);
    },
    async pull() {
      await writeFile(join(dir, 'removed'), '');
    },
    async plug() {
      await rm(join(dir, 'removed'), { force: true });
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
