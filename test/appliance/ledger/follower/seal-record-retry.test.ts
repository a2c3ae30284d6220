/**
 * A seal enrolled while the chain is out of reach is not lost (issue 17 leftover): the desk (a
 * real service home, its chain key on a real SoftHSM token, the real ledger runner) reaches its
 * anvil through the fault proxy. With the proxy cutting every request, a seal is enrolled as
 * `sealdesk seal create` does: the chain part fails with a typed chain error, and the seal stays
 * in the seal record queue — through every retry of the runner while cut, its failures counted.
 * Healed, the runner registers the seal and publishes its record: SealRecordPublished is on chain
 * with the hash of the record's bytes in the hall's store, a follower of another home imports the
 * seal from it, and only then has the queue let it go. A seal enrolled while cut and revoked here
 * before the chain is back is never registered (the chain must not learn it as active): dropped.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAbiItem } from 'viem';
import { describe, expect, it } from 'vitest';
import { ensureDemoSeals } from '../../../../appliance/hall/demo-seals.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { sealRegistryAt } from '../../../../appliance/ledger/chain/seal-registry.js';
import { queuedSealRecords } from '../../../../appliance/ledger/follower/record-queue.js';
import { recordBytes, recordHash, sealRecordOf } from '../../../../appliance/ledger/follower/seal-record.js';
import { publishSealChange } from '../../../../appliance/ledger/seal-chain.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import type { Seal } from '../../../../appliance/seals/seal.js';
import { isSealdeskError } from '../../../../firmware-bridge/errors/sealdesk-error.js';
import { startTestService } from '../../../helpers/service.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { deskBehindProxy } from './helpers/desk-behind-proxy.js';

const RECORD_PUBLISHED = parseAbiItem('event SealRecordPublished(bytes32 indexed sealId, bytes32 recordHash, address by)');
const NEW_SEAL = '审批局合同专用章（断链时登记）';

const service = await startTestService();
const { home, pkcs11 } = service.context;
const desk = deskBehindProxy(service, 'seal-record-store');
const { logged, login, until, anvil } = desk;

/** The record hashes SealRecordPublished bound to the seal on chain (read from the node directly, not through the proxy). */
async function publishedRecords(sealId: string): Promise<string[]> {
  const logs = await anvil().getLogs({ address: desk.chain.registry, event: RECORD_PUBLISHED, args: { sealId: chainId32(sealId) }, fromBlock: 0n });
  return logs.map((log) => log.args.recordHash!.slice(2));
}

const queued = (sealId: string) => queuedSealRecords(home).find((q) => q.sealId === sealId);

describe('a seal record whose publish failed is published once the chain is back', () => {
  it('cut → enrol (queued, kept through the retries) → heal → registered, record on chain, imported elsewhere, dequeued', { timeout: 300_000 }, async () => {
    desk.proxy.setFault({ kind: 'unavailable' });
    const [seal] = await ensureDemoSeals(home, pkcs11, service.context.seals, service.token, [{ name: service.organisations.own.name, uscc: service.organisations.own.uscc! }], 'http://127.0.0.1:9/crl', [{ type: 'contract', name: NEW_SEAL }], '-retry');
    const enrolled = seal as Seal;
    expect(enrolled.name).toBe(NEW_SEAL);
    const certificateSha256 = createHash('sha256').update(enrolled.certificateChain[0]!).digest('hex');
    const failure = await publishSealChange(home, pkcs11, 'registered', { ...enrolled, certificateSha256 }, login).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isSealdeskError(failure), String(failure)).toBe(true);

    // cut: queued from the enrolment on, and kept through the runner's tries (each failure counted)
    expect(queued(enrolled.id), 'queued at enrolment').toBeDefined();
    await until('the runner to try the queued record while cut', async () => {
      const entry = queued(enrolled.id);
      expect(entry, 'dropped from the queue while the chain was cut').toBeDefined();
      return entry!.attempts >= 1;
    });
    expect(queued(enrolled.id)!.lastError).toMatch(/^CHAIN_/);
    expect(await publishedRecords(enrolled.id)).toEqual([]);

    // healed: the runner registers it and publishes the record; the queue lets it go only after
    desk.proxy.setFault({ kind: 'pass' });
    await until('the record on chain', async () => {
      const stillQueued = queued(enrolled.id) !== undefined;
      const onChain = (await publishedRecords(enrolled.id)).length > 0;
      expect(stillQueued || onChain, 'dropped from the queue before its record was on chain').toBe(true);
      return onChain && !stillQueued;
    });

    const registry = SealRegistry.open(home);
    let expected: string;
    try {
      const own = registry.get(enrolled.id);
      expected = recordHash(recordBytes(sealRecordOf(own, registry.image(enrolled.id))));
    } finally {
      registry.close();
    }
    expect(await publishedRecords(enrolled.id)).toEqual([expected]);

    // another terminal's follower sees the seal from the chain and the store
    const elsewhere = join(await tempDir('seal-record-elsewhere'), 'counter');
    await mkdir(elsewhere, { recursive: true });
    await desk.followInto(elsewhere);
    const there = SealRegistry.open(elsewhere);
    try {
      expect(there.get(enrolled.id)).toMatchObject({ name: NEW_SEAL, status: 'active', organisation: { uscc: service.organisations.own.uscc } });
    } finally {
      there.close();
    }
  });

  it('a seal revoked here before the chain is back is dropped from the queue, never registered on chain', { timeout: 300_000 }, async () => {
    desk.proxy.setFault({ kind: 'unavailable' });
    const [made] = await ensureDemoSeals(home, pkcs11, service.context.seals, service.token, [{ name: service.organisations.own.name, uscc: service.organisations.own.uscc! }], 'http://127.0.0.1:9/crl', [{ type: 'finance', name: '财务专用章（登记后注销）' }], '-revoked');
    const seal = made as Seal;
    const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
    await expect(publishSealChange(home, pkcs11, 'registered', { ...seal, certificateSha256 }, login)).rejects.toThrow();
    expect(queued(seal.id)).toBeDefined();
    service.context.seals.revoke(seal.id, '登记未上链前已注销');

    desk.proxy.setFault({ kind: 'pass' });
    await until('the revoked seal dropped from the queue', async () => queued(seal.id) === undefined);
    expect(logged.join('\n')).toContain(`${seal.id} was revoked before the chain knew it`);
    const contract = await sealRegistryAt(anvil(), desk.chain.registry);
    const [, , status] = await contract.read.sealOf([chainId32(seal.id)]);
    expect(status).toBe(0);
    expect(await publishedRecords(seal.id)).toEqual([]);
  });
});
