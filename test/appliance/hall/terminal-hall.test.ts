/**
 * `sealdesk start --terminals 2`: the desk, two counters and a kiosk come up as separate
 * appliances — each its own process, home, SoftHSM token dir and port — on one anvil chain, and
 * the printed URLs say which is which. The desk governs them through the chain: its admin page's
 * terminal list shows each counter and the kiosk with the seals on its own token granted to it; a
 * grant withdrawn there stops that counter's stamps with that seal once final, while the other
 * counter still stamps. SIGTERM to the hall stops every one of them and the chain, with no process
 * left behind and no port still open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEALDESK_BIN } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { DEMO_USCC } from '../../../appliance/directory/seed-demo.js';
import { DEMO_TOKENS } from '../../../appliance/hall/demo-token.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { multipart } from '../service/helpers/multipart.js';
import { json } from './helpers/hall-json.js';

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Every process below `pid`, from /proc (the hall's terminals, their device processes, anvil). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name is in parentheses and may hold spaces: the parent pid is the second field after it
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended while listing
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie is gone but for its parent's wait
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The secret printed beside a terminal's demo user name. */
const secretOf = (out: string, terminal: string, username: string) => new RegExp(`^${terminal}\\s+\\w+\\s+${username}\\s+(\\S+)$`, 'm').exec(out)?.[1];

async function signIn(url: string, body: object): Promise<Record<string, string>> {
  const session = await json<{ token: string }>(`${url}/api/session`, {}, { method: 'POST', body });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  return { authorization: `Bearer ${session.body.token}` };
}

/** A clerk at the counter uploads a one-page PDF and stamps it with the seal: the status and the error code, if refused. */
async function stamp(url: string, headers: Record<string, string>, sealId: string, pdf: Buffer): Promise<{ status: number; code?: string }> {
  const form = multipart('申请表.pdf', pdf);
  const uploaded = await fetch(`${url}/api/documents`, { method: 'POST', headers: { ...headers, ...form.headers }, body: form.payload });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const { documentId } = (await uploaded.json()) as { documentId: string };
  const stamped = await json<{ code?: string }>(`${url}/api/stamps`, headers, {
    method: 'POST',
    body: { documentId, sealId, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: DEMO_TOKENS.counter.pin },
  });
  return { status: stamped.status, ...(stamped.body.code ? { code: stamped.body.code } : {}) };
}

interface Terminal {
  address: string;
  name: string | null;
  kind: string | null;
  organisationName: string | null;
  grants: Array<{ sealId: string; sealName: string | null; organisationUscc: string | null }>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('sealdesk start --terminals', () => {
  it('starts the desk, N counters and a kiosk as separate appliances on one chain, and SIGTERM stops them all', { timeout: 500_000 }, async () => {
    const home = await tempDir('terminal-hall');
    const child = spawn(process.execPath, [SEALDESK_BIN, 'start', '--terminals', '2', '--port', '0'], { env: { ...process.env, SEALDESK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => (running.delete(child), r(code))));
    const deadline = Date.now() + 300_000;
    while (!/sealdesk: hall of 4 terminals ready on chain (\S+)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the hall did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const rpcUrl = /ready on chain (\S+)/.exec(out)![1]!;

    // the printed URLs say which terminal is which, each on a port of its own
    const line = (label: string, page: string) => new RegExp(`^${label}\\s+(http://127\\.0\\.0\\.1:(\\d+))/${page}\\s`, 'm').exec(out);
    const terminals = [
      { name: 'desk', match: line('管理 desk', 'admin') },
      { name: 'counter-1', match: line('柜台 counter 1', 'counter') },
      { name: 'counter-2', match: line('柜台 counter 2', 'counter') },
      { name: 'kiosk', match: line('自助 kiosk', 'kiosk') },
    ].map(({ name, match }) => {
      expect(match, `${name} in:\n${out}`).not.toBeNull();
      return { name, url: match![1]!, port: Number(match![2]) };
    });
    expect(new Set(terminals.map((t) => t.port)).size).toBe(4);

    for (const t of terminals) {
      const health = await json<{ status: string; chain: string; token: string }>(`${t.url}/health`, {});
      expect([t.name, health.status, health.body.status, health.body.chain, health.body.token]).toEqual([t.name, 200, 'ok', 'ok', 'ok']);
      // its own home and SoftHSM token dir, the one chain node
      const memberHome = join(home, 'hall', t.name);
      expect(existsSync(join(memberHome, 'softhsm')), t.name).toBe(true);
      expect((JSON.parse(readFileSync(join(memberHome, 'ledger.json'), 'utf8')) as { rpcUrls: string[] }).rpcUrls, t.name).toEqual([rpcUrl]);
    }
    // each terminal has its own sign-ins, printed under its name
    for (const t of terminals) expect(out, t.name).toMatch(new RegExp(`^${t.name}\\s+\\w+\\s+xihu-clerk\\s+\\S+$`, 'm'));

    // the desk registered its terminals on chain and granted each the seals on its own token: its admin page lists them
    const [desk, counter1, counter2] = terminals as [(typeof terminals)[0], (typeof terminals)[0], (typeof terminals)[0]];
    const admin = await signIn(desk.url, { username: 'xihu-admin', password: secretOf(out, 'desk', 'xihu-admin') });
    const listed = async () => (await json<{ terminals: Terminal[] }>(`${desk.url}/api/terminals`, admin)).body.terminals;
    // the hall is ready once applied; the records (names) are read from the hall's store in the same round
    await expect.poll(async () => (await listed()).filter((t) => t.name !== null && t.grants.every((g) => g.sealName !== null)).length, { timeout: 30_000 }).toBe(4);
    const byName = new Map((await listed()).map((t) => [t.name!, t]));
    expect([...byName.keys()].sort()).toEqual(['counter-1', 'counter-2', 'desk', 'kiosk']);
    expect(['counter-1', 'counter-2', 'kiosk', 'desk'].map((name) => [name, byName.get(name)!.kind, byName.get(name)!.organisationName])).toEqual([
      ['counter-1', 'counter', '西湖区'],
      ['counter-2', 'counter', '西湖区'],
      ['kiosk', 'kiosk', '西湖区'],
      ['desk', 'desk', '西湖区'],
    ]);
    const sealNames = (name: string) => byName.get(name)!.grants.map((g) => g.sealName).sort();
    // two departments' seals each: the counter's named for it, the kiosk's its own
    expect(sealNames('counter-1')).toEqual(['公章（柜台 1）', '公章（柜台 1）', '行政审批专用章（柜台 1）', '行政审批专用章（柜台 1）']);
    expect(sealNames('counter-2')).toEqual(['公章（柜台 2）', '公章（柜台 2）', '行政审批专用章（柜台 2）', '行政审批专用章（柜台 2）']);
    expect(sealNames('kiosk')).toEqual(['公章（自助终端）', '公章（自助终端）', '行政审批专用章（自助终端）', '行政审批专用章（自助终端）']);
    const businessSealOf = (name: string, sealName: string) => byName.get(name)!.grants.find((g) => g.sealName === sealName && g.organisationUscc === DEMO_USCC.serviceCentre)!.sealId;
    const seal1 = businessSealOf('counter-1', '行政审批专用章（柜台 1）');
    const seal2 = businessSealOf('counter-2', '行政审批专用章（柜台 2）');

    // each counter's clerk stamps with the counter's own seal while the desk's grant stands
    const pdf = await readFile(await pdfLibDocument(await tempDir('terminal-hall-docs'), 'in.pdf', 1));
    const clerk1 = await signIn(counter1.url, { username: 'xihu-clerk', password: secretOf(out, 'counter-1', 'xihu-clerk') });
    const clerk2 = await signIn(counter2.url, { username: 'xihu-clerk', password: secretOf(out, 'counter-2', 'xihu-clerk') });
    expect(await stamp(counter1.url, clerk1, seal1, pdf)).toEqual({ status: 201 });

    // withdrawn at the desk: counter 1's next stamp with that seal, once the block is final, is refused with the typed error
    const withdrawn = await json<{ granted: boolean }>(`${desk.url}/api/terminals/${byName.get('counter-1')!.address}/grants/${seal1}`, admin, { method: 'DELETE' });
    expect([withdrawn.status, withdrawn.body.granted], JSON.stringify(withdrawn.body)).toEqual([200, false]);
    await expect.poll(async () => (await stamp(counter1.url, clerk1, seal1, pdf)).code, { timeout: 30_000, interval: 500 }).toBe('SEAL_NOT_GRANTED_TO_TERMINAL');
    expect(await stamp(counter1.url, clerk1, seal1, pdf)).toEqual({ status: 403, code: 'SEAL_NOT_GRANTED_TO_TERMINAL' });
    // counter 2 was never touched
    expect(await stamp(counter2.url, clerk2, seal2, pdf)).toEqual({ status: 201 });
    // the kiosk issues a certificate with its own seals, and publishes its licence record: the desk made it an issuer of their organisation
    const kiosk = terminals[3]!;
    const kioskHeaders = await signIn(kiosk.url, { terminal: 'xihu-kiosk-01', credential: secretOf(out, 'kiosk', 'xihu-kiosk-01') });
    expect((await json(`${kiosk.url}/api/devices/idcard/read`, kioskHeaders, { method: 'POST', body: {} })).status).toBe(200);
    const issued = await json<{ licenceError: unknown; seal: { id: string } }>(`${kiosk.url}/api/kiosk/certificates`, kioskHeaders, {
      method: 'POST',
      key: 'terminal-hall-kiosk-0001',
      body: { templateId: 'residence-certificate', fields: { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' } },
    });
    expect([issued.status, issued.body.licenceError], JSON.stringify(issued.body)).toEqual([201, null]);
    expect(byName.get('kiosk')!.grants.map((g) => g.sealId)).toContain(issued.body.seal.id);
    // the desk's list follows: counter 1 keeps its other seals only
    await expect.poll(async () => (await listed()).find((t) => t.name === 'counter-1')!.grants.map((g) => g.sealId).includes(seal1), { timeout: 30_000 }).toBe(false);

    const processes = descendants(child.pid!);
    // four terminals and their device processes, and anvil
    expect(processes.length, out).toBeGreaterThanOrEqual(9);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    // each terminal stopped itself on the hall's SIGTERM, none had to be killed
    expect(out).not.toMatch(/did not stop within/);
    for (const label of ['管理 desk', '柜台 counter 1', '柜台 counter 2', '自助 kiosk']) expect(out).toContain(`[${label}] ended (0)`);
    expect(out).toMatch(/^sealdesk: stopped$/m);
    expect(processes.filter(alive), out).toEqual([]);
    const chainPort = Number(new URL(rpcUrl).port);
    for (const port of [...terminals.map((t) => t.port), chainPort]) expect(await portOpen(port), `port ${port}`).toBe(false);
  });
});
