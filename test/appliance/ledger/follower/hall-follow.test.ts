/**
 * One hall, one chain, three appliances in processes of their own (own SEALDESK_HOME, own SoftHSM
 * instance and USB keys): the desk, counter A, and counter B behind the fault proxy. A seal the
 * desk enrols reaches counter A's registry once its block is final (the seconds printed), with its
 * record (name, organisation, image) from the hall's store; the desk's revocation refuses counter
 * A's next stamp. Counter B, cut off from the chain, stamps until its view is older than
 * seals.maxStatusAgeSeconds, then SEAL_STATUS_STALE (503, zh/en saying how old and what to check);
 * healed, it catches up and stamps again.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { startAnvil, type Anvil } from '../../../../simulator/chain/anvil.js';
import { startFaultProxy, type FaultProxy } from '../../../../simulator/chain/fault-proxy.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { HallTerminals, type Reply, type Terminal } from '../helpers/hall-terminals.js';

/**
 * Counter B's bound: small, so the test waits seconds for it to pass (never a timed assertion), yet
 * longer than one stamp on two busy cores (this child stamps on its main thread, where the
 * follower also runs: at 10 s the view aged past it during the stamp before the cut).
 */
const B_MAX_AGE_SECONDS = 30;
const ORGS = [
  { name: '杭州市西湖区行政审批服务管理局', uscc: '11330106002489166C', token: 'counter-a' },
  { name: '杭州市西湖区市场监督管理局', uscc: '11330106MB12345675', token: 'counter-b' },
];

let dir: string;
let anvil: Anvil;
let proxy: FaultProxy;
let hall: HallTerminals;

beforeAll(async () => {
  dir = await tempDir('hall-follow');
  hall = new HallTerminals(dir);
  anvil = await startAnvil({ dir: join(dir, 'anvil') });
  proxy = await startFaultProxy(anvil.rpcUrl);
});
afterAll(async () => {
  await hall?.close();
  await proxy?.close();
  await anvil?.stop();
});

const spawnTerminal = (home: string, hsm: Parameters<HallTerminals['spawn']>[1], extra: Record<string, string>) => hall.spawn(home, hsm, extra);
const instance = (name: string, labels: string[]) => hall.instance(name, labels);

describe('a hall of three appliances on one chain', () => {
  it('enrol → final → at counter A; revoke → refused at A; B cut off → stale, healed → stamps', { timeout: 480_000 }, async () => {
    const records = join(dir, 'seal-records');
    const homes = { desk: join(dir, 'desk'), a: join(dir, 'counter-a'), b: join(dir, 'counter-b') };
    for (const home of Object.values(homes)) await mkdir(home, { recursive: true });

    // the desk makes each counter's seal key on that counter's USB key, then hands the key over
    const deskHsm = await instance('desk', ['desk', 'counter-a', 'counter-b']);
    const prepared = (await spawnTerminal(homes.desk, deskHsm, { TERMINAL_ROLE: 'prepare', TERMINAL_ANVIL: anvil.rpcUrl, TERMINAL_ORGS: JSON.stringify(ORGS), TERMINAL_RECORDS: records })).first as unknown as { registry: `0x${string}`; seals: Array<{ id: string; token: string }> };
    const sealA = prepared.seals.find((s) => s.token === 'counter-a')!.id;
    const sealB = prepared.seals.find((s) => s.token === 'counter-b')!.id;
    const counterHsm = { a: await instance('a', []), b: await instance('b', []) };
    for (const [key, label] of [['a', 'counter-a'], ['b', 'counter-b']] as const) {
      const name = deskHsm.dirs.get(label)!;
      await rename(join(deskHsm.tokenDir, name), join(counterHsm[key].tokenDir, name));
    }
    // the counters follow the chain (A directly, B through the fault proxy); they anchor nothing here
    const follow = { registry: prepared.registry, chainKey: { label: 'chain' }, confirmations: 1, pollingIntervalMs: 100, sealRecords: records };
    saveLedgerConfig(homes.a, { ...follow, rpcUrls: [anvil.rpcUrl] });
    saveLedgerConfig(homes.b, { ...follow, rpcUrls: [proxy.url] });
    await writeFile(join(homes.b, 'config.json'), JSON.stringify({ seals: { maxStatusAgeSeconds: B_MAX_AGE_SECONDS } }));

    const [desk, a, b] = (
      await Promise.all([spawnTerminal(homes.desk, deskHsm, { TERMINAL_ROLE: 'desk' }), spawnTerminal(homes.a, counterHsm.a, { TERMINAL_ROLE: 'counter' }), spawnTerminal(homes.b, counterHsm.b, { TERMINAL_ROLE: 'counter' })])
    ).map((started) => started.terminal) as [Terminal, Terminal, Terminal];

    // enrol at the desk: unknown at A until its block is final, then there with its record
    expect(await a.ask({ op: 'seal', seal: sealA })).toEqual({ ok: false });
    const enrolledAt = performance.now();
    expect(await desk.ask({ op: 'enrol', seal: sealA })).toMatchObject({ ok: true });
    await anvil.rpc('anvil_mine', ['0x1']); // the block on top that makes it final (confirmations 1)
    let atA: Reply = { ok: false };
    while (!atA.ok) {
      atA = await a.ask({ op: 'seal', seal: sealA });
      if (!atA.ok) await new Promise((r) => setTimeout(r, 100));
      expect(performance.now() - enrolledAt, 'the seal never reached counter A').toBeLessThan(60_000);
    }
    process.stdout.write(`enrolled at the desk → usable at counter A: ${((performance.now() - enrolledAt) / 1000).toFixed(2)} s (confirmations 1, polling 100 ms)\n`);
    expect(atA).toMatchObject({ status: 'active', name: '行政审批专用章', organisation: { uscc: ORGS[0]!.uscc } });
    expect(atA.image).toBeGreaterThan(100);
    expect(await a.ask({ op: 'stamp', seal: sealA })).toMatchObject({ ok: true });

    // revoke at the desk: A's next stamp, once the revocation is final, is the revoked-seal refusal
    expect(await desk.ask({ op: 'revoke', seal: sealA })).toMatchObject({ ok: true });
    await anvil.rpc('anvil_mine', ['0x1']);
    let refused: Reply = { ok: true };
    const revokedAt = performance.now();
    while (refused.ok) {
      refused = await a.ask({ op: 'stamp', seal: sealA });
      expect(performance.now() - revokedAt, 'counter A kept stamping a revoked seal').toBeLessThan(60_000);
    }
    expect(refused).toMatchObject({ ok: false, code: 'SEAL_REVOKED' });

    // counter B: its seal enrolled and stamping, then cut off from the chain
    expect(await desk.ask({ op: 'enrol', seal: sealB })).toMatchObject({ ok: true });
    await anvil.rpc('anvil_mine', ['0x1']);
    while (!(await b.ask({ op: 'seal', seal: sealB })).ok) await new Promise((r) => setTimeout(r, 100));
    await expect.poll(async () => (await b.ask({ op: 'stamp', seal: sealB })).ok, { timeout: 30_000, interval: 200 }).toBe(true);
    const beforeCut = (await b.ask({ op: 'follower' })).health;
    proxy.setFault({ kind: 'reset' });
    const cut = performance.now();
    const stampsWhileCut: Reply[] = [];
    for (;;) {
      const reply = await b.ask({ op: 'stamp', seal: sealB });
      stampsWhileCut.push(reply);
      if (!reply.ok) break;
      expect(performance.now() - cut, 'counter B kept stamping with a stale view').toBeLessThan(60_000);
    }
    const stale = stampsWhileCut.at(-1)!;
    expect(stale).toMatchObject({ ok: false, code: 'SEAL_STATUS_STALE', status: 503 });
    expect(stale.en).toMatch(new RegExp(`last checked seal statuses against the chain \\d+ s ago \\(the limit is ${B_MAX_AGE_SECONDS} s\\).*connection to the chain`));
    expect(stale.zh).toContain('区块链节点的网络连接');
    // it stamped while the view was younger than the bound (the first stamp right after the cut)
    expect(stampsWhileCut[0], `the view before the cut: ${JSON.stringify(beforeCut)}; the replies: ${JSON.stringify(stampsWhileCut)}`).toMatchObject({ ok: true });
    const health = (await b.ask({ op: 'follower' })).health as { ok: boolean; lagSeconds: number; lastAppliedBlock: number; errorCode: string | null };
    expect(health.ok).toBe(false);
    expect(health.lagSeconds).toBeGreaterThanOrEqual(B_MAX_AGE_SECONDS);
    expect(health.errorCode).toBe('CHAIN_UNREACHABLE');

    // healed: B catches up (the blocks mined meanwhile included) and stamps again
    await anvil.rpc('anvil_mine', ['0x3']);
    proxy.setFault({ kind: 'pass' });
    await expect.poll(async () => (await b.ask({ op: 'stamp', seal: sealB })).ok, { timeout: 60_000, interval: 200 }).toBe(true);
    const healed = (await b.ask({ op: 'follower' })).health as { ok: boolean; lastAppliedBlock: number; headBlock: number; errorCode: string | null };
    expect(healed).toMatchObject({ ok: true, errorCode: null });
    expect(healed.lastAppliedBlock).toBeGreaterThan(health.lastAppliedBlock);

    for (const t of [a, b, desk]) await t.ask({ op: 'stop' });
  });
});
