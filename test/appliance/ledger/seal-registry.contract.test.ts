import { getContract, keccak256, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, SEAL_STATUS, writeRegistry } from '../../../appliance/ledger/chain/seal-registry.js';
import { publishLicenceRecord } from '../../../appliance/licences/licence-chain.js';
import type { LicenceBinding } from '../../../appliance/licences/licence-envelope.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { openChain, type ChainFixture } from './helpers/chain.js';

let chain: ChainFixture;
let admin: ChainClient;
let orgAdmin: ChainClient;
let otherOrgAdmin: ChainClient;
let terminal: ChainClient;
let outsider: ChainClient;
let registry: Address;
const ORG = chainId32('91330000MA27U00001');
const OTHER_ORG = chainId32('91330000MA27U00002');
const binding = ([licenceId, organisation, sealId, documentHash]: readonly [Hex, Hex, Hex, Hex, Hex]): LicenceBinding => ({ licenceId, organisation, sealId, documentHash });
const reader = () => getContract({ address: registry, abi: sealRegistryAbi, client: admin.public });

beforeAll(async () => {
  chain = await openChain();
  const client = async () => chain.client(await chain.actor());
  [admin, orgAdmin, otherOrgAdmin, terminal, outsider] = await Promise.all([client(), client(), client(), client(), client()]);
  registry = (await deploySealRegistry(admin)).address;
  await writeRegistry(admin, registry, 'addOrganisation', [ORG, orgAdmin.address]);
  await writeRegistry(admin, registry, 'addOrganisation', [OTHER_ORG, otherOrgAdmin.address]);
  await writeRegistry(orgAdmin, registry, 'setIssuer', [ORG, terminal.address, true]);
});
afterAll(async () => chain?.close());

describe('SealRegistry roles', () => {
  it('only the registry admin adds organisations', async () => {
    await expect(writeRegistry(outsider, registry, 'addOrganisation', [chainId32('x'), outsider.address])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });

  it('an organisation admin registers seals of its own organisation only', async () => {
    await writeRegistry(orgAdmin, registry, 'registerSeal', [chainId32('seal-own'), ORG, chainId32('cert')]);
    const [organisation, , status] = await reader().read.sealOf([chainId32('seal-own')]);
    expect(organisation).toBe(ORG);
    expect(status).toBe(SEAL_STATUS.active);
    await expect(writeRegistry(otherOrgAdmin, registry, 'registerSeal', [chainId32('seal-foreign'), ORG, chainId32('cert')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(otherOrgAdmin, registry, 'setStatus', [chainId32('seal-own'), SEAL_STATUS.revoked, 2n ** 40n, 'not mine'])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });

  it('only allowed issuer terminals of the organisation anchor batches', async () => {
    await expect(writeRegistry(outsider, registry, 'anchorBatch', [chainId32('b-out'), ORG, chainId32('root'), 3])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(terminal, registry, 'anchorBatch', [chainId32('b-other'), OTHER_ORG, chainId32('root'), 3])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(otherOrgAdmin, registry, 'setIssuer', [ORG, outsider.address, true])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });
});

describe('SealRegistry batches', () => {
  it('anchors a batch once; the same batch again is a no-op, another root under its id reverts', async () => {
    const id = chainId32('batch-1');
    const first = await writeRegistry(terminal, registry, 'anchorBatch', [id, ORG, chainId32('root-1'), 7]);
    const again = await writeRegistry(terminal, registry, 'anchorBatch', [id, ORG, chainId32('root-1'), 7]);
    expect(again.status).toBe('success');
    const logs = await admin.public.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', args: { batchId: id }, fromBlock: 0n });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.transactionHash).toBe(first.transactionHash);
    const batch = await reader().read.batchOf([id]);
    expect(batch.root).toBe(chainId32('root-1'));
    expect(batch.count).toBe(7);
    expect(batch.terminal).toBe(terminal.address);
    await expect(writeRegistry(terminal, registry, 'anchorBatch', [id, ORG, chainId32('root-2'), 7])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });
});

describe('SealRegistry status history', () => {
  it('answers the status in force at any time; a revocation is final', async () => {
    const seal = chainId32('seal-history');
    const registered = await writeRegistry(orgAdmin, registry, 'registerSeal', [seal, ORG, chainId32('cert-h')]);
    const t0 = (await admin.public.getBlock({ blockNumber: registered.blockNumber })).timestamp;
    await writeRegistry(orgAdmin, registry, 'setStatus', [seal, SEAL_STATUS.suspended, t0 + 100n, 'token lost']);
    await writeRegistry(orgAdmin, registry, 'setStatus', [seal, SEAL_STATUS.active, t0 + 200n, 'token found']);
    await writeRegistry(orgAdmin, registry, 'setStatus', [seal, SEAL_STATUS.revoked, t0 + 300n, 'organisation dissolved']);
    const at = (t: bigint) => reader().read.statusAt([seal, t]);
    expect(await at(t0 - 1n)).toBe(SEAL_STATUS.none);
    expect(await at(t0 + 50n)).toBe(SEAL_STATUS.active);
    expect(await at(t0 + 150n)).toBe(SEAL_STATUS.suspended);
    expect(await at(t0 + 250n)).toBe(SEAL_STATUS.active);
    expect(await at(t0 + 300n)).toBe(SEAL_STATUS.revoked);
    await expect(writeRegistry(orgAdmin, registry, 'setStatus', [seal, SEAL_STATUS.active, t0 + 400n, 'undo'])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    const events = await admin.public.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'SealStatusChanged', args: { sealId: seal }, fromBlock: 0n });
    expect(events.map((e) => [e.args.status, e.args.reason])).toEqual([
      [SEAL_STATUS.active, 'registered'],
      [SEAL_STATUS.suspended, 'token lost'],
      [SEAL_STATUS.active, 'token found'],
      [SEAL_STATUS.revoked, 'organisation dissolved'],
    ]);
  });

  it('refuses a change dated before the last one', async () => {
    const seal = chainId32('seal-order');
    await writeRegistry(orgAdmin, registry, 'registerSeal', [seal, ORG, chainId32('c')]);
    await expect(writeRegistry(orgAdmin, registry, 'setStatus', [seal, SEAL_STATUS.suspended, 1n, 'backdated'])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });
});

describe('SealRegistry licence records', () => {
  const seal = chainId32('seal-licences');
  const record = (id: string, ciphertext: Hex = '0x01020304') => [chainId32(id), ORG, seal, chainId32(`doc-${id}`), ciphertext] as const;

  beforeAll(async () => {
    await writeRegistry(orgAdmin, registry, 'registerSeal', [seal, ORG, chainId32('cert-l')]);
  });

  it('an issuer terminal of the organisation publishes a record any node reads by id (eth_call) and as an event', async () => {
    const receipt = await publishLicenceRecord(terminal, registry, binding(record('lic-1', '0xc0ffee')), Buffer.from('c0ffee', 'hex'));
    const stored = await reader().read.licenceOf([chainId32('lic-1')]);
    expect(stored).toMatchObject({ organisation: ORG, sealId: seal, documentHash: chainId32('doc-lic-1'), terminal: terminal.address, ciphertext: '0xc0ffee', blockNumber: receipt.blockNumber });
    const block = await admin.public.getBlock({ blockNumber: receipt.blockNumber });
    expect(stored.issuedAt).toBe(block.timestamp);
    const events = await admin.public.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'LicencePublished', args: { licenceId: chainId32('lic-1') }, fromBlock: 0n });
    expect(events).toHaveLength(1);
    expect(events[0]!.args).toMatchObject({ organisation: ORG, sealId: seal, ciphertext: '0xc0ffee', ciphertextHash: keccak256('0xc0ffee'), terminal: terminal.address });
    expect((await reader().read.licenceOf([chainId32('never')])).issuedAt).toBe(0n);
  });

  it('the same record again is a no-op; other bytes under a published id revert', async () => {
    await publishLicenceRecord(terminal, registry, binding(record('lic-2')), Buffer.from('01020304', 'hex'));
    const again = await publishLicenceRecord(terminal, registry, binding(record('lic-2')), Buffer.from('01020304', 'hex'));
    expect(again.status).toBe('success');
    const events = await admin.public.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'LicencePublished', args: { licenceId: chainId32('lic-2') }, fromBlock: 0n });
    expect(events).toHaveLength(1);
    await expect(publishLicenceRecord(terminal, registry, binding(record('lic-2')), Buffer.from('05', 'hex'))).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });

  it('only issuer terminals of the seal’s organisation, with a registered active seal, publish; empty records are refused', async () => {
    const refused = (client: ChainClient, args: ReturnType<typeof record>, bytes = '01') => expect(publishLicenceRecord(client, registry, binding(args), Buffer.from(bytes, 'hex'))).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await refused(outsider, record('lic-out'));
    await refused(orgAdmin, record('lic-admin'));
    await refused(terminal, [chainId32('lic-other'), OTHER_ORG, seal, chainId32('d'), '0x01']);
    await refused(terminal, [chainId32('lic-unknown-seal'), ORG, chainId32('no-such-seal'), chainId32('d'), '0x01']);
    await refused(terminal, record('lic-empty'), '');
    const suspended = chainId32('seal-licences-suspended');
    const registered = await writeRegistry(orgAdmin, registry, 'registerSeal', [suspended, ORG, chainId32('cert-s')]);
    const t0 = (await admin.public.getBlock({ blockNumber: registered.blockNumber })).timestamp;
    await writeRegistry(orgAdmin, registry, 'setStatus', [suspended, SEAL_STATUS.suspended, t0, 'token lost']);
    await refused(terminal, [chainId32('lic-suspended'), ORG, suspended, chainId32('d'), '0x01']);
  });
});
