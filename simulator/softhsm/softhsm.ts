import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findSoftHsmModule } from '../../firmware-bridge/platform/softhsm-module.js';

const run = promisify(execFile);

export interface SoftHsmToken {
  label: string;
  serial: string;
  /** The token's directory name under tokenDir (SoftHSM names it by UUID). */
  dirName: string;
}

/**
 * A SoftHSM2 instance of its own: a token directory and a softhsm2.conf pointing at it. SoftHSM
 * reads SOFTHSM2_CONF once, at C_Initialize, so a process uses one instance: set `env` before
 * the PKCS#11 module is loaded (tests: one instance per test file, each file its own process).
 */
export interface SoftHsm {
  readonly modulePath: string;
  readonly dir: string;
  readonly confPath: string;
  readonly tokenDir: string;
  readonly env: { SOFTHSM2_CONF: string };
  /** Initialises a token on the free slot with softhsm2-util (SO PIN and user PIN set). */
  initToken(label: string, soPin: string, pin: string): Promise<SoftHsmToken>;
  tokens(): SoftHsmToken[];
  /** Labels of every initialised token in the token dir, those of earlier runs included (softhsm2-util --show-slots). */
  labels(): Promise<string[]>;
  /** Takes the token's directory away: to the module, the USB key was pulled. */
  pull(label: string): Promise<void>;
  /** Puts it back: the same key, re-inserted. */
  plug(label: string): Promise<void>;
  close(): Promise<void>;
}

async function softhsmUtil(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('softhsm2-util', args, { env: { ...process.env, ...env } });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('softhsm2-util is not installed: run `apt-get install softhsm2` (scripts/setup.sh does this)');
    }
    throw error;
  }
}

/**
 * Starts a SoftHSM instance in `dir` (a new temp dir when not given). With a `dir` that already
 * holds one (npm start's instance under SEALDESK_HOME), its tokens are kept.
 */
export async function startSoftHsm(options: { dir?: string } = {}): Promise<SoftHsm> {
  const modulePath = findSoftHsmModule();
  if (!modulePath) throw new Error('SoftHSM is not installed: run `apt-get install softhsm2` (scripts/setup.sh does this)');
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sealdesk-softhsm-')));
  const ownsDir = options.dir === undefined;
  const tokenDir = join(dir, 'tokens');
  const parkDir = join(dir, 'pulled');
  const confPath = join(dir, 'softhsm2.conf');
  await mkdir(tokenDir, { recursive: true, mode: 0o700 });
  await mkdir(parkDir, { recursive: true, mode: 0o700 });
  if (!existsSync(confPath)) {
    await writeFile(
      confPath,
      `# sealdesk SoftHSM instance\ndirectories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
    );
  }
  const env = { SOFTHSM2_CONF: confPath };
  const known = new Map<string, SoftHsmToken>();

  const findDir = async (label: string): Promise<SoftHsmToken> => {
    const token = known.get(label);
    if (!token) throw new Error(`no SoftHSM token labelled ${label} was made by this instance`);
    return token;
  };

  return {
    modulePath,
    dir,
    confPath,
    tokenDir,
    env,
    async initToken(label, soPin, pin) {
      const before = new Set(await readdir(tokenDir));
      await softhsmUtil(env, ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin]);
      const dirName = (await readdir(tokenDir)).find((d) => !before.has(d));
      if (!dirName) throw new Error(`softhsm2-util made no token directory for ${label}`);
      // softhsm2-util --show-slots names each token's serial; SoftHSM's directory name is a UUID
      // whose last 16 hex digits are the serial.
      const serial = dirName.replace(/-/g, '').slice(-16);
      const token = { label, serial, dirName };
      known.set(label, token);
      return token;
    },
    tokens() {
      return [...known.values()];
    },
    async labels() {
      const shown = await softhsmUtil(env, ['--show-slots']);
      return [...shown.matchAll(/^\s*Label:\s*(.*?)\s*$/gm)].map((m) => m[1]!).filter((label) => label.length > 0);
    },
    async pull(label) {
      const token = await findDir(label);
      await rename(join(tokenDir, token.dirName), join(parkDir, token.dirName));
    },
    async plug(label) {
      const token = await findDir(label);
      await rename(join(parkDir, token.dirName), join(tokenDir, token.dirName));
    },
    async close() {
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
