/**
 * SealRegistry's terminals, terminal grants and organisation records (issue 17 item 2), on a real
 * anvil: who may write them (the attacks: another organisation's admin, an outsider, a grant to a
 * key the desk never registered), what each write costs in gas (printed: docs/decisions.md), and
 * an in-process follower applying them (a later change wins; the organisation tree lands in the
 * directory under the desk's ids; a record whose bytes are not the published hash is refused).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPublicClient, getContract, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../../appliance/ledger/chain/seal-registry.js';
import { ChainFollower } from '../../../appliance/ledger/follower/chain-follower.js';
import { organisationRecordOf, putHallRecord, type TerminalRecord } from '../../../appliance/ledger/follower/hall-record.js';
import { followedTerminals } from '../../../appliance/ledger/follower/hall-view.js';
import { organisationKey } from '../../../appliance/ledger/follower/organisation-key.js';
import { terminalGranted } from '../../../appliance/ledger/follower/terminal-grant.js';
import { Directory } from '../../../appliance/directory/directory.js';
import { openSealDatabase } from '../../../appliance/seals/registry/database.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { openChain, type ChainFixture } from './helpers/chain.js';

let chain: ChainFixture;
let admin: ChainClient;
let orgAdmin: ChainClient;
let otherOrgAdmin: ChainClient;
let outsider: ChainClient;
let registry: Address;
const USCC = '91330000MA27U00001';
const ORG = chainId32(USCC);
const OTHER_ORG = chainId32('91330000MA27U00002');
const SEAL = 'seal-terminal-grants';
const terminalA = '0x00000000000000000000000000000000000000a1';
const terminalB = '0x00000000000000000000000000000000000000b2';
const gas: Record<string, bigint> = {};

beforeAll(async () => {
  chain = await openChain();
  const client = async () => chain.client(await chain.actor());
  [admin, orgAdmin, otherOrgAdmin, outsider] = await Promise.all([client(), client(), client(), client()]);
  registry = (await deploySealRegistry(admin)).address;
  await writeRegistry(admin, registry, 'addOrganisation', [ORG, orgAdmin.address]);
  await writeRegistry(admin, registry, 'addOrganisation', [OTHER_ORG, otherOrgAdmin.address]);
  await writeRegistry(orgAdmin, registry, 'registerSeal', [chainId32(SEAL), ORG, chainId32('cert')]);
});
afterAll(async () => {
  process.stdout.write(`SealRegistry gas: ${Object.entries(gas).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  await chain?.close();
});

const reader = () => getContract({ address: registry, abi: sealRegistryAbi, client: admin.public });
const measured = async (name: string, sent: Promise<{ gasUsed: bigint }>) => {
  gas[name] ??= (await sent).gasUsed;
};

describe('SealRegistry terminals and grants', () => {
  it('an organisation’s admin registers its terminals; another organisation’s admin or an outsider cannot', async () => {
    await measured('registerTerminal', writeRegistry(orgAdmin, registry, 'registerTerminal', [terminalA, ORG, chainId32('record-a')]));
    expect(await reader().read.terminalOf([terminalA])).toBe(ORG);
    await expect(writeRegistry(otherOrgAdmin, registry, 'registerTerminal', [terminalB, ORG, chainId32('r')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(outsider, registry, 'registerTerminal', [terminalB, ORG, chainId32('r')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    // taking another organisation's terminal needs that organisation's admin too
    await expect(writeRegistry(otherOrgAdmin, registry, 'registerTerminal', [terminalA, OTHER_ORG, chainId32('r')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    expect(await reader().read.terminalOf([terminalA])).toBe(ORG);
  });

  it('only the seal’s organisation admins grant it, and only to a registered terminal', async () => {
    await expect(writeRegistry(otherOrgAdmin, registry, 'setTerminalGrant', [chainId32(SEAL), terminalA, true])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(outsider, registry, 'setTerminalGrant', [chainId32(SEAL), terminalA, true])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(orgAdmin, registry, 'setTerminalGrant', [chainId32(SEAL), terminalB, true])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(orgAdmin, registry, 'setTerminalGrant', [chainId32('no-such-seal'), terminalA, true])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await measured('setTerminalGrant (grant)', writeRegistry(orgAdmin, registry, 'setTerminalGrant', [chainId32(SEAL), terminalA, true]));
    expect(await reader().read.terminalGranted([chainId32(SEAL), terminalA])).toBe(true);
    await measured('setTerminalGrant (withdraw)', writeRegistry(orgAdmin, registry, 'setTerminalGrant', [chainId32(SEAL), terminalA, false]));
    expect(await reader().read.terminalGranted([chainId32(SEAL), terminalA])).toBe(false);
  });

  it('organisation records are published by that organisation’s admins (or the registry admin) only', async () => {
    await measured('publishOrganisationRecord', writeRegistry(orgAdmin, registry, 'publishOrganisationRecord', [ORG, chainId32('org-record')]));
    await expect(writeRegistry(otherOrgAdmin, registry, 'publishOrganisationRecord', [ORG, chainId32('forged')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
    await expect(writeRegistry(outsider, registry, 'publishOrganisationRecord', [chainId32('org-new'), chainId32('forged')])).rejects.toMatchObject({ code: 'CHAIN_TX_FAILED' });
  });
});

describe('the follower applies terminals, grants and the organisation tree', () => {
  it('in chain order, the latest grant winning; organisations into the directory under the desk’s ids; a forged record refused', async () => {
    const home = join(chain.dir, 'terminal-home');
    const store = join(chain.dir, 'records');
    await mkdir(home, { recursive: true });
    // the desk's tree: a city (no USCC, keyed by its id) and a department with the seal's USCC below it
    const now = '2026-12-07T00:00:00.000Z';
    const city = { id: 'org-desk-city', name: '测试市', nameEn: null, level: 'city' as const, uscc: null, parentId: null, createdAt: now, updatedAt: now };
    const department = { id: 'org-desk-dept', name: '测试市行政审批局', nameEn: 'Test approvals', level: 'department' as const, uscc: USCC, parentId: city.id, createdAt: now, updatedAt: now };
    for (const o of [city, department]) await writeRegistry(admin, registry, 'publishOrganisationRecord', [organisationKey(o), `0x${putHallRecord(store, organisationRecordOf(o))}`]);
    const record: TerminalRecord = { version: 1, kind: 'terminal', address: terminalB, name: '3号窗口', terminalKind: 'kiosk', organisationId: department.id, registeredAt: now };
    await writeRegistry(orgAdmin, registry, 'registerTerminal', [terminalB, ORG, `0x${putHallRecord(store, record)}`]);
    await writeRegistry(orgAdmin, registry, 'setTerminalGrant', [chainId32(SEAL), terminalB, true]);
    // a record whose bytes are not what the chain names (the store tampered with) is never applied
    const forged = { ...organisationRecordOf({ ...city, id: 'org-forged', name: '伪造单位' }) };
    const forgedHash = putHallRecord(store, forged);
    await writeFile(join(store, `${forgedHash}.json`), JSON.stringify({ ...forged, name: '被改过' }));
    await writeRegistry(admin, registry, 'publishOrganisationRecord', [organisationKey(forged), `0x${forgedHash}`]);
    await chain.anvil.rpc('anvil_mine', ['0x1']);

    const db = openSealDatabase(home);
    const logs: string[] = [];
    const follower = new ChainFollower({ db, client: createPublicClient({ transport: http(chain.anvil.rpcUrl) }), registry, confirmations: 1, recordStore: store, home, log: (l) => logs.push(l) });
    await follower.catchUp();
    expect(terminalGranted(db, SEAL, terminalA)).toBe(false); // granted, then withdrawn
    expect(terminalGranted(db, SEAL, terminalB)).toBe(true);
    expect(followedTerminals(db).find((t) => t.address === terminalB)).toMatchObject({ name: '3号窗口', kind: 'kiosk', organisationId: department.id, seals: [chainId32(SEAL)] }); // a seal with no record here: its chain key
    const directory = Directory.open(home);
    expect(directory.organisations.subtree(city.id).map((o) => [o.id, o.name, o.parentId])).toEqual([
      [city.id, '测试市', null],
      [department.id, '测试市行政审批局', city.id],
    ]);
    expect(directory.organisations.find('org-forged')).toBeUndefined();
    expect(logs.join('\n')).toContain('HALL_RECORD_INVALID');

    // a rename at the desk follows; the same events read again change nothing
    await writeRegistry(admin, registry, 'publishOrganisationRecord', [organisationKey(department), `0x${putHallRecord(store, organisationRecordOf({ ...department, name: '测试市数据资源局' }))}`]);
    await chain.anvil.rpc('anvil_mine', ['0x1']);
    await follower.catchUp();
    expect(directory.organisations.get(department.id).name).toBe('测试市数据资源局');
    directory.close();
    db.close();
  });
});
