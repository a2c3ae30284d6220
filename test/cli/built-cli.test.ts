import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from '../../appliance/cli/command-groups.js';
import { buildCli, ROOT } from '../../scripts/build-cli.js';
import { buildPages } from '../../scripts/build-pages.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';

// The built CLI (scripts/build-cli.ts, what bin/sealdesk.js runs after setup), built here into a
// folder of its own and run as a process, so that a bundle that no longer loads, or no longer
// finds its worker, templates or pages, fails npm test. Built inside the repository (dist/ is
// ignored): the packages left out of the bundle are found in node_modules from there.
const SO_PIN = '3141592653';
const PIN = '2718281828';
let dist: string;
let entry: string;
let home: string;
let env: NodeJS.ProcessEnv;
let stamped = '';
let sealId = '';
let input = '';

function built(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [entry, ...args], { env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function ok(args: string[]): string {
  const run = built(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

beforeAll(async () => {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  dist = await mkdtemp(join(ROOT, 'dist', 'built-cli-test-'));
  const [cli] = await Promise.all([buildCli({ distDir: dist, force: true }), buildPages()]);
  entry = join(cli.dir, 'sealdesk.js');
  home = await mkdtemp(join(dist, 'home-'));
  env = { ...process.env, SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '', SEALDESK_PIN: PIN, SEALDESK_SO_PIN: SO_PIN, SEALDESK_NEW_PIN: '' };
  // an administrator's setup and a clerk's stamp, all with the built CLI
  ok(['token', 'init', '--free', '--label', 'seal-token']);
  ok(['token', 'init-pin', '--token', 'seal-token']);
  ok(['ca', 'init', '--token', 'seal-token', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443']);
  ({ id: sealId } = JSON.parse(
    ok(['seal', 'create', '--token', 'seal-token', '--name', '行政审批专用章', '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', '11330106002489166C', '--json']),
  ) as { id: string });
  input = await pdfLibDocument(home, 'in.pdf', 1);
  stamped = join(home, 'stamped.pdf');
  expect(ok(['stamp', input, '-o', stamped, '--seal', sealId, '--x', '100', '--y', '100'])).toContain('已盖章 / stamped');
}, 300_000);
afterAll(async () => {
  if (dist) await rm(dist, { recursive: true, force: true });
});

describe('the built sealdesk CLI', () => {
  it('--version and --help answer without loading a command group', () => {
    expect(ok(['--version']).trim()).toBe('0.1.0');
    const help = ok(['--help']);
    for (const group of COMMAND_GROUPS) expect(help).toMatch(new RegExp(`^  ${group.name} `, 'm'));
    expect(ok(['help', 'verify'])).toContain('--trust <pem...>');
  });

  it('stamp loads no Solidity compiler: solc-js (~0.5 s of CPU to load) is for deploying the registry, not for a stamp', async () => {
    // every CommonJS module the process loaded (an ES import of a CommonJS package lands there too), written as it exits
    const hook = join(dist, 'loaded-modules.cjs');
    await writeFile(hook, "process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_MODULES, Object.keys(require('node:module')._cache).join('\\n')));\n");
    const log = join(dist, 'stamp-modules.txt');
    const run = spawnSync(process.execPath, [entry, 'stamp', input, '-o', join(home, 'modules.pdf'), '--seal', sealId, '--x', '100', '--y', '100'], {
      env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${hook}`, LOADED_MODULES: log },
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('已盖章 / stamped');
    const loaded = (await readFile(log, 'utf8')).split('\n');
    expect(loaded.some((path) => path.includes('better-sqlite3'))).toBe(true); // the hook saw the externals a stamp does load
    expect(loaded.filter((path) => /[\\/]solc[\\/]/.test(path))).toEqual([]);
  });

  it('every group loads from its chunk and names itself as the registry does', () => {
    for (const group of COMMAND_GROUPS) expect(ok([group.name, '--help'])).toMatch(new RegExp(`^Usage: sealdesk ${group.name} `));
  }, 300_000);

  it('verify: a stamped PDF is valid (exit 0), a missing file could not be checked (exit 2)', async () => {
    const verified = ok(['verify', stamped]);
    expect(verified).toContain('签名 1 (Signature1)：有效 — PAdES B-B');
    expect(verified).toContain('Result: every signature is valid.');
    const garbage = built(['verify', join(home, 'missing.pdf'), '--lang', 'en']);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('error FILE_NOT_FOUND');
  });

  it('serve: the pages are served and /api/verify checks an upload in the document pool’s worker thread', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [entry, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toMatch(/sealdesk: serving http:\/\/127\.0\.0\.1:\d+/);
      const url = /sealdesk: serving (\S+)/.exec(out)![1]!.replace(/\/$/, '');
      const page = await fetch(`${url}/verify`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
      const form = new FormData();
      form.append('file', await openAsBlob(stamped, { type: 'application/pdf' }), 'stamped.pdf');
      const answer = await fetch(`${url}/api/verify`, { method: 'POST', body: form });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ status: 'valid', file: 'stamped.pdf' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
  });
});
