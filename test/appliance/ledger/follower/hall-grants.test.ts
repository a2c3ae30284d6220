/**
 * Grants and terminals decided at the desk, followed from the chain (issue 17 item 2): the desk
 * and two counters in processes of their own (own SEALDESK_HOME, own SoftHSM and USB keys, each
 * counter's identity a chain key on its own key), one anvil. At the desk (its functions, and the
 * `sealdesk` CLI for one registration and the withdrawal, as an administrator would): an
 * organisation tree created and published, both counters registered under it, the seal
 * of counter A granted to A only. Once final: the organisation is in A's directory under the
 * desk's id; A stamps; B, holding its own enrolled seal but no grant, is refused with
 * SEAL_NOT_GRANTED_TO_TERMINAL (403, zh/en), audited as denied. The grant withdrawn at the desk
 * → A's next stamp once final is the same refusal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { startAnvil, type Anvil } from '../../../../simulator/chain/anvil.js';
import { startSoftHsm, type SoftHsm } from '../../../../simulator/softhsm/softhsm.js';
import { runCli } from '../../../helpers/cli.js';
import { SO_PIN, USER_PIN } from '../../../helpers/softhsm.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const CHILD = fileURLToPath(new URL('../helpers/grants-child.ts', import.meta.url));
const ORG = { name: '杭州市西湖区行政审批服务管理局', uscc: '11330106002489166C' };

type Reply = { ok: boolean; code?: string; status?: number; en?: string; zh?: string; [key: string]: unknown };
interface Terminal {
  ask(command: { op: string; seal?: string; id?: string; names?: [string, string]; address?: string; name?: string; granted?: boolean }): Promise<Reply>;
}

let dir: string;
let anvil: Anvil;
const hsms: SoftHsm[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await tempDir('hall-grants');
  anvil = await startAnvil({ dir: join(dir, 'anvil') });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await anvil?.stop();
  for (const hsm of hsms) await hsm.close();
});

/** Starts an appliance process; resolves with its first `@` line (prepare: its result; the others: ready). */
function spawnTerminal(home: string, hsm: SoftHsm, extra: Record<string, string>): Promise<{ first: Reply; terminal: Terminal }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...hsm.env, SEALDESK_HOME: home, TERMINAL_PIN: USER_PIN, ...extra }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('@')) waiting.shift()?.resolve(JSON.parse(line.slice(1)) as Reply);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`appliance ${home} exited ${code}:\n${stderr}`));
  });
  const next = () => new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
  const terminal: Terminal = {
    ask(command) {
      const reply = next();
      child.stdin!.write(`${JSON.stringify(command)}\n`);
      return reply;
    },
  };
  return next().then((first) => ({ first, terminal }));
}

async function instance(name: string, labels: string[]): Promise<SoftHsm & { dirs: Map<string, string> }> {
  const hsm = await startSoftHsm({ dir: join(dir, `${name}-hsm`) });
  hsms.push(hsm);
  const dirs = new Map<string, string>();
  for (const label of labels) dirs.set(label, (await hsm.initToken(label, SO_PIN, USER_PIN)).dirName);
  return Object.assign(hsm, { dirs });
}

/** Waits (polling, never a timed assertion) until `ready` holds for the terminal's answer. */
async function until(what: string, ask: () => Promise<Reply>, ready: (reply: Reply) => boolean): Promise<Reply> {
  const started = performance.now();
  for (;;) {
    const reply = await ask();
    if (ready(reply)) return reply;
    expect(performance.now() - started, `${what}: last answer ${JSON.stringify(reply)}`).toBeLessThan(60_000);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type FollowedTerminal = { address: string; name: string; kind: string; organisationId: string; seals: string[] };
const terminalsOf = (reply: Reply) => reply.terminals as FollowedTerminal[];

describe('grants and terminals decided at the desk, followed by the terminals', () => {
  it('org at the desk → at A; A granted stamps, B not granted is refused; the grant withdrawn → A refused', { timeout: 480_000 }, async () => {
    const records = join(dir, 'hall-records');
    const homes = { desk: join(dir, 'desk'), a: join(dir, 'counter-a'), b: join(dir, 'counter-b') };
    for (const home of Object.values(homes)) await mkdir(home, { recursive: true });

    const deskHsm = await instance('desk', ['desk', 'counter-a', 'counter-b']);
    const prepared = (await spawnTerminal(homes.desk, deskHsm, { TERMINAL_ROLE: 'prepare', TERMINAL_ANVIL: anvil.rpcUrl, TERMINAL_ORG: JSON.stringify(ORG), TERMINAL_COUNTERS: 'counter-a,counter-b', TERMINAL_RECORDS: records }))
      .first as unknown as { registry: `0x${string}`; counters: Record<'counter-a' | 'counter-b', { seal: string; address: string }> };
    const A = prepared.counters['counter-a'];
    const B = prepared.counters['counter-b'];
    // each counter's USB key (its seal key and its chain key) goes to that counter
    const counterHsm = { a: await instance('a', []), b: await instance('b', []) };
    for (const [key, label] of [['a', 'counter-a'], ['b', 'counter-b']] as const) {
      const name = deskHsm.dirs.get(label)!;
      await rename(join(deskHsm.tokenDir, name), join(counterHsm[key].tokenDir, name));
      saveLedgerConfig(homes[key], { rpcUrls: [anvil.rpcUrl], registry: prepared.registry, chainKey: { token: label, label: 'chain' }, confirmations: 1, pollingIntervalMs: 100, sealRecords: records });
    }
    const [desk, a, b] = (
      await Promise.all([spawnTerminal(homes.desk, deskHsm, { TERMINAL_ROLE: 'desk' }), spawnTerminal(homes.a, counterHsm.a, { TERMINAL_ROLE: 'counter' }), spawnTerminal(homes.b, counterHsm.b, { TERMINAL_ROLE: 'counter' })])
    ).map((started) => started.terminal) as [Terminal, Terminal, Terminal];
    const cli = async (...args: string[]) => {
      const result = await runCli([...args, '--json'], { ...deskHsm.env, SEALDESK_HOME: homes.desk, SEALDESK_PIN: USER_PIN });
      expect(result.code, `sealdesk ${args.join(' ')}:\n${result.stdout}${result.stderr}`).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };

    // at the desk: both seals enrolled, an organisation made, both counters registered under it, A granted its seal
    for (const seal of [A.seal, B.seal]) {
      const enrolled = await desk.ask({ op: 'enrol', seal });
      expect(enrolled, JSON.stringify(enrolled)).toMatchObject({ ok: true });
    }
    const tree = await desk.ask({ op: 'org-tree', names: ['测试市（授权测试）', '测试市便民服务中心'] });
    expect(tree, JSON.stringify(tree)).toMatchObject({ ok: true });
    const office = { id: String(tree.office) };
    const city = { id: String(tree.city) };
    const registeredA = await desk.ask({ op: 'register', address: A.address, name: '1号窗口', id: office.id });
    expect(registeredA, JSON.stringify(registeredA)).toMatchObject({ ok: true });
    // the CLI an administrator uses does the same (audited at the desk)
    const registeredB = await cli('terminal', 'register', B.address, '--name', '自助终端', '--kind', 'kiosk', '--organisation', office.id);
    expect(registeredB).toMatchObject({ record: { address: B.address, terminalKind: 'kiosk', organisationId: office.id } });
    const granted = await desk.ask({ op: 'grant', seal: A.seal, address: A.address });
    expect(granted, JSON.stringify(granted)).toMatchObject({ ok: true });
    await anvil.rpc('anvil_mine', ['0x1']); // the block on top that makes the last one final (confirmations 1)
    process.stdout.write(`gas at the desk: publishOrganisationRecord ${String(tree.gasUsed)}, registerTerminal ${String(registeredA.gasUsed)}, setTerminalGrant ${String(granted.gasUsed)}\n`);

    // the organisation tree followed: A's directory has the desk's office, under the desk's ids
    const atA = await until('the desk’s organisation at counter A', () => a.ask({ op: 'organisation', id: String(office.id) }), (r) => r.ok);
    expect(atA).toMatchObject({ name: '测试市便民服务中心', level: 'department', parentId: city.id });

    // both counters know who may stamp with what, then: A stamps, B is refused with the typed code
    const granting = (r: Reply) => terminalsOf(r).find((t) => t.address === A.address)?.seals.includes(A.seal) === true && terminalsOf(r).length === 2;
    for (const t of [a, b]) await until('the grant at the counter', () => t.ask({ op: 'terminals' }), granting);
    expect(terminalsOf(await b.ask({ op: 'terminals' })).find((t) => t.address === B.address)).toMatchObject({ name: '自助终端', kind: 'kiosk', organisationId: office.id, seals: [] });
    await until('A’s seal at A', () => a.ask({ op: 'has-seal', seal: A.seal }), (r) => r.ok);
    await until('B’s seal at B', () => b.ask({ op: 'has-seal', seal: B.seal }), (r) => r.ok);
    expect(await a.ask({ op: 'stamp', seal: A.seal })).toMatchObject({ ok: true });
    const refused = await b.ask({ op: 'stamp', seal: B.seal });
    expect(refused).toMatchObject({ ok: false, code: 'SEAL_NOT_GRANTED_TO_TERMINAL', status: 403 });
    expect(refused.en).toContain(`This terminal (${B.address}) is not granted the seal ${B.seal}`);
    expect(refused.zh).toContain('印章管理台');
    expect((await b.ask({ op: 'audit' })).last).toMatchObject({ action: 'stamp', outcome: 'denied', errorCode: 'SEAL_NOT_GRANTED_TO_TERMINAL', target: B.seal });

    // the desk withdraws A's grant: once final, A's next stamp is refused
    await cli('grant', 'revoke', A.seal, A.address);
    await anvil.rpc('anvil_mine', ['0x1']);
    await until('the withdrawal at A', () => a.ask({ op: 'terminals' }), (r) => terminalsOf(r).find((t) => t.address === A.address)?.seals.length === 0);
    expect(await a.ask({ op: 'stamp', seal: A.seal })).toMatchObject({ ok: false, code: 'SEAL_NOT_GRANTED_TO_TERMINAL', status: 403 });

    // the desk's own lists, from its follower; its audit log has every decision, by the OS user who ran it
    const listed = await until('the desk’s view', () => desk.ask({ op: 'terminals' }), (r) => terminalsOf(r).length === 2 && terminalsOf(r).every((t) => t.seals.length === 0));
    expect(terminalsOf(listed).map((t) => t.name).sort()).toEqual(['1号窗口', '自助终端']);
    const audit = await runCli(['audit', 'list', '--action', 'terminal.register', 'terminal.revoke-grant', '--json'], { SEALDESK_HOME: homes.desk });
    const actions = (JSON.parse(audit.stdout) as Array<{ action: string; outcome: string }>).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['terminal.register:ok', 'terminal.revoke-grant:ok']));

    for (const t of [a, b, desk]) await t.ask({ op: 'stop' });
  });
});
