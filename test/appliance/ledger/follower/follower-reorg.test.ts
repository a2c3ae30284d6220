/**
 * Re-orgs against the follower, on a real anvil with evm_snapshot / evm_revert: one shallower
 * than `confirmations` never reaches the local registry (the revocation it carried is never
 * applied, and what replaced it is); one deeper than that is caught on the next round by the
 * stored hash of the last applied block — CHAIN_REORG_TOO_DEEP, kept for /health, nothing more
 * applied. Events seen twice change nothing.
 */
import { join } from 'node:path';
import { createPublicClient, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../appliance/audit/audit-log.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { EventApplier } from '../../../../appliance/ledger/follower/apply-events.js';
import { ChainFollower } from '../../../../appliance/ledger/follower/chain-follower.js';
import { readFollowerState } from '../../../../appliance/ledger/follower/follower-state.js';
import { assertNoUnfinalRefusal } from '../../../../appliance/ledger/follower/status-freshness.js';
import { openSealDatabase } from '../../../../appliance/seals/registry/database.js';
import { startAnvil, type Anvil } from '../../../../simulator/chain/anvil.js';
import { runCli } from '../../../helpers/cli.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { followedView } from '../helpers/follower-db.js';
import { deployDevRegistry, registerCall, send, statusCall } from '../helpers/registry-events.js';

const CONFIRMATIONS = 3;
let dir: string;
let anvil: Anvil;
let registry: Address;

beforeAll(async () => {
  dir = await tempDir('follower-reorg');
  anvil = await startAnvil({ dir: join(dir, 'anvil') });
  registry = await deployDevRegistry(anvil);
}, 60_000);
afterAll(async () => {
  await anvil?.stop();
});

function follower(home: string) {
  const db = openSealDatabase(join(dir, home));
  const client = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0 }) });
  return { db, follower: new ChainFollower({ db, client, registry, confirmations: CONFIRMATIONS }) };
}

const statusOf = (db: ReturnType<typeof openSealDatabase>, id: string) => db.prepare('SELECT status FROM chain_seals WHERE seal_key = ?').pluck().get(chainId32(id));
const mine = (blocks: number) => anvil.rpc('anvil_mine', [`0x${blocks.toString(16)}`]);

describe('a re-org', () => {
  it('shallower than confirmations never reaches the local registry', async () => {
    const { db, follower: f } = follower('shallow');
    await send(anvil, registry, [registerCall('reorg-a')]);
    await mine(CONFIRMATIONS);
    await f.catchUp();
    expect(statusOf(db, 'reorg-a')).toBe('active');

    const snapshot = await anvil.rpc<string>('evm_snapshot');
    await send(anvil, registry, [statusCall('reorg-a', 'revoked', 'on a fork that will vanish')]);
    await mine(CONFIRMATIONS - 2); // the revocation has CONFIRMATIONS - 1 blocks on top: not final
    const before = await f.catchUp();
    expect(statusOf(db, 'reorg-a')).toBe('active');
    expect(before.headNumber! - before.blockNumber).toBe(CONFIRMATIONS);

    expect(await anvil.rpc('evm_revert', [snapshot])).toBe(true);
    await send(anvil, registry, [statusCall('reorg-a', 'suspended', 'what the chain kept')]);
    await mine(CONFIRMATIONS + 2);
    const after = await f.catchUp();
    expect(after.errorCode).toBeNull();
    expect(statusOf(db, 'reorg-a')).toBe('suspended');
    const kinds = followedView(db).changes.map((c) => (c as { status: string | null }).status);
    expect(kinds).not.toContain('revoked');
    db.close();
  });

  // a stamp refuses on a revocation still below `confirmations` (the safe side: the desk decided, a
  // block sooner at A); the registry does not take it, and a re-org that drops it lifts the refusal
  it('a revocation not yet final refuses the seal at once, the registry waits, and a re-org that drops it lifts it', async () => {
    const { db, follower: f } = follower('early');
    await send(anvil, registry, [registerCall('early-a')]);
    await mine(CONFIRMATIONS);
    await f.catchUp();
    expect(() => assertNoUnfinalRefusal(db, 'early-a')).not.toThrow();

    const snapshot = await anvil.rpc<string>('evm_snapshot');
    await send(anvil, registry, [statusCall('early-a', 'revoked', 'decided at the desk')]);
    await f.catchUp();
    expect(statusOf(db, 'early-a')).toBe('active'); // not final: the registry waits
    expect(() => assertNoUnfinalRefusal(db, 'early-a')).toThrow(expect.objectContaining({ code: 'SEAL_REVOKED' }));

    expect(await anvil.rpc('evm_revert', [snapshot])).toBe(true);
    await mine(1);
    await f.catchUp();
    expect(() => assertNoUnfinalRefusal(db, 'early-a')).not.toThrow();
    expect(statusOf(db, 'early-a')).toBe('active');
    db.close();
  });

  it('deeper than confirmations is CHAIN_REORG_TOO_DEEP on the next round, and nothing more is applied', async () => {
    const { db, follower: f } = follower('deep');
    await send(anvil, registry, [registerCall('reorg-b')]);
    await mine(CONFIRMATIONS);
    await f.catchUp();
    const snapshot = await anvil.rpc<string>('evm_snapshot');
    await send(anvil, registry, [statusCall('reorg-b', 'suspended', 'final, then undone')]);
    await mine(CONFIRMATIONS + 1);
    const applied = await f.catchUp();
    expect(statusOf(db, 'reorg-b')).toBe('suspended');

    expect(await anvil.rpc('evm_revert', [snapshot])).toBe(true);
    await send(anvil, registry, [statusCall('reorg-b', 'revoked', 'the other fork')]);
    await mine(CONFIRMATIONS + 3);
    const failed = await f.catchUp().catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'CHAIN_REORG_TOO_DEEP', details: { block: applied.blockNumber, expected: applied.blockHash } });
    expect((failed as Error).message).toMatch(/re-organised below a final block/);
    // kept, and every later round refuses too: an operator must look
    expect(readFollowerState(db)).toMatchObject({ errorCode: 'CHAIN_REORG_TOO_DEEP', blockNumber: applied.blockNumber });
    await expect(f.catchUp()).rejects.toMatchObject({ code: 'CHAIN_REORG_TOO_DEEP' });
    expect(statusOf(db, 'reorg-b')).toBe('suspended');

    // the operator looks, and has the terminal apply the chain as it is now from before the fork
    const home = join(dir, 'deep');
    const refollow = await runCli(['chain', 'refollow', '--from-block', String(applied.blockNumber - CONFIRMATIONS - 1), '--json'], { SEALDESK_HOME: home });
    expect(refollow.code, refollow.stderr).toBe(0);
    expect(JSON.parse(refollow.stdout)).toEqual({ fromBlock: applied.blockNumber - CONFIRMATIONS - 1, previousBlock: applied.blockNumber, previousError: 'CHAIN_REORG_TOO_DEEP' });
    const resumed = await f.catchUp();
    expect(resumed.errorCode).toBeNull();
    expect(statusOf(db, 'reorg-b')).toBe('revoked'); // the fork the chain kept
    const audit = AuditLog.open(home);
    expect(audit.list().find((e) => e.action === 'chain.refollow')).toMatchObject({ outcome: 'ok', actor: { role: 'cli' }, details: { previousError: 'CHAIN_REORG_TOO_DEEP' } });
    audit.close();
    const refused = await runCli(['chain', 'refollow', '--from-block', 'soon'], { SEALDESK_HOME: home });
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--from-block must be a block number')]);
    db.close();
  });

  it('an event applied twice changes nothing (a resume that reads a range again)', async () => {
    const { db, follower: f } = follower('twice');
    await f.catchUp();
    const view = followedView(db);
    const applier = new EventApplier(db);
    const first = view.changes[0] as { block_number: number; log_index: number; seal_key: `0x${string}` };
    const again = db.transaction(() => applier.apply({ blockNumber: first.block_number, logIndex: first.log_index, sealKey: first.seal_key, kind: 'status', status: 3, effectiveAt: 1, reason: 'replayed' }))();
    expect(again).toBe(false);
    expect(followedView(db)).toEqual(view);
    db.close();
  });
});
