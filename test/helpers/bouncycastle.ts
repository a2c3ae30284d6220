import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterFile } from './after-file.js';

const run = promisify(execFile);
const BCPROV = '/usr/share/java/bcprov.jar';
const SOURCE = fileURLToPath(new URL('./Sm2Check.java', import.meta.url));

let compiled: Promise<string> | undefined;

/** Sm2Check.java compiled once per test process (javac, from default-jdk-headless or the JRE's own compiler via java). */
function classes(): Promise<string> {
  compiled ??= (async () => {
    if (!existsSync(BCPROV)) throw new Error(`BouncyCastle is not installed (${BCPROV}): run scripts/setup.sh (libbcprov-java)`);
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-bc-'));
    // the classes go with the test file (left behind, these crowded /tmp and slowed every create in it)
    afterFile(async () => {
      compiled = undefined;
      await rm(dir, { recursive: true, force: true });
    });
    await run('javac', ['-cp', BCPROV, '-d', dir, SOURCE]);
    return dir;
  })();
  return compiled;
}

export type BcCheck = 'sig' | 'signed' | 'cert' | 'cms' | 'ofd';

/**
 * BouncyCastle's verdict (test/helpers/Sm2Check.java, SM2Signer with the default ID) on an SM2
 * signature, a signed ASN.1 object, a certificate, a CMS or an OFD's signatures: 'OK' or 'FAIL: why'. The inputs are
 * written to files in a fresh directory.
 */
export async function bouncyCastle(check: BcCheck, ...inputs: Uint8Array[]): Promise<string> {
  const dir = await classes();
  const work = await mkdtemp(join(tmpdir(), 'sealdesk-bc-in-'));
  try {
    const paths = await Promise.all(
      inputs.map(async (bytes, i) => {
        const path = join(work, `in${i}`);
        await writeFile(path, bytes);
        return path;
      }),
    );
    const { stdout } = await run('java', ['-cp', `${BCPROV}:${dir}`, 'Sm2Check', check, ...paths]);
    return stdout.trim();
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout?.trim();
    if (stdout?.startsWith('FAIL')) return stdout;
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
