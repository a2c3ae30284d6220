import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startGmKey, type GmKey } from '../../simulator/gm-key/gm-key.js';
import { runCli, type CliResult } from './cli.js';

export const GM_SO_PIN = '87654321';
export const GM_PIN = '246810';

/** A sealdesk home on a fresh simulated GM key: token `gm-seal` initialised, its PIN set, an SM2 dev CA on it. */
export interface GmKeyHome {
  key: GmKey;
  home: string;
  env: NodeJS.ProcessEnv;
  cli(args: string[], extra?: NodeJS.ProcessEnv): Promise<CliResult>;
  close(): Promise<void>;
}

/** The command's stdout; it must exit 0 with nothing on stderr. */
export async function cliOk(result: Promise<CliResult>): Promise<string> {
  const done = await result;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  return done.stdout;
}

export async function gmKeyHome(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<GmKeyHome> {
  const key = await startGmKey({ vendor: 'sansec' });
  const home = await mkdtemp(join(tmpdir(), `sealdesk-${prefix}-`));
  const env = { SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: key.modulePath, ...key.env, ...extraEnv };
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { ...env, ...extra });
  const ok = (args: string[], extra: NodeJS.ProcessEnv) => cliOk(cli(args, extra));
  await ok(['token', 'init', '--free', '--label', 'gm-seal'], { SEALDESK_SO_PIN: GM_SO_PIN });
  await ok(['token', 'init-pin', '--token', 'gm-seal'], { SEALDESK_SO_PIN: GM_SO_PIN, SEALDESK_PIN: GM_PIN });
  await ok(['ca', 'init', '--token', 'gm-seal', '--algorithm', 'sm2', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443'], { SEALDESK_PIN: GM_PIN });
  return {
    key,
    home,
    env,
    cli,
    async close() {
      await rm(home, { recursive: true, force: true });
      await key.close();
    },
  };
}
