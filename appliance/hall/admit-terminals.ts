import { createHash } from 'node:crypto';
import type { Hex } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Organisation } from '../directory/organisation.js';
import { chainId32 } from '../ledger/chain/chain-id.js';
import { sealRegistryAt, writeRegistry } from '../ledger/chain/seal-registry.js';
import { getSealRecord, type SealRecord } from '../ledger/follower/seal-record.js';
import { checkedAddress, registerTerminal, type DeskChain } from '../ledger/hall-desk.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { openTerminalLedger } from '../ledger/terminal-ledger.js';
import { ensureOrganisationsOnChain } from './demo-chain.js';
import type { HallMemberFacts } from './hall-member.js';

const NO_TERMINAL = `0x${'0'.repeat(64)}`;

export interface AdmittedHall {
  /** The chain's head once everything was sent: the terminals can stamp once they applied it. */
  block: number;
  /** Terminals registered and seals granted now (0 on a restart that found them all). */
  registered: number;
  granted: number;
}

/**
 * The desk admits the terminals of a hall of several (issue 17 item 5), as `sealdesk terminal
 * register` and `sealdesk grant add` would: each registered on the hall's registry as a terminal
 * of its role under the hall's organisation, made an issuer of that organisation and of its seals'
 * (it anchors its stamps and publishes licences there), and each of its seals — enrolled on its own
 * token, keys never leave a token, its record put into the hall's store by the terminal — registered
 * with its record and granted to it. A terminal is no organisation admin: it cannot grant itself a
 * seal, the desk decides. Only what the chain does not have yet is sent, so a restart registers
 * nothing twice, and a grant the desk ever decided on (withdrawn in the admin page, say) stays as
 * it was decided.
 */
export async function admitHallTerminals(desk: DeskChain, organisation: Organisation, members: readonly HallMemberFacts[]): Promise<AdmittedHall> {
  const config = loadLedgerConfig(desk.home);
  const store = config.sealRecords;
  if (!chainConfigured(config) || !store || !organisation.uscc) {
    throw new SealdeskError('USAGE', { reason: 'the desk has no hall registry, record store or organisation USCC', reasonZh: '管理台未配置大厅登记合约、档案存储或单位统一社会信用代码' });
  }
  const registry = config.registry;
  // some sixty transactions one after another on an automining node: each receipt is asked for at 50 ms, not the ledger's 250
  const ledger = await openTerminalLedger(desk.home, desk.pkcs11, { ...config, pollingIntervalMs: 50 }, desk.login);
  let registered = 0;
  let granted = 0;
  try {
    const { client } = ledger;
    const contract = await sealRegistryAt(client.public, registry);
    for (const member of members) {
      const address = checkedAddress(member.address);
      const seals: Array<{ hash: string; record: SealRecord }> = [];
      for (const hash of member.sealRecords) seals.push({ hash, record: await getSealRecord(store, hash) });
      const usccs = new Set([organisation.uscc, ...seals.map((s) => s.record.organisation.uscc)]);
      // the desk administers every organisation whose seals it registers (it adds one it does not have yet)
      await ensureOrganisationsOnChain(client, registry, usccs);
      for (const uscc of usccs) {
        const issuer = await contract.read.issuerRole([chainId32(uscc)]);
        if (!(await contract.read.hasRole([issuer, address]))) await writeRegistry(client, registry, 'setIssuer', [chainId32(uscc), address, true]);
      }
      if ((await contract.read.terminalOf([address])) === NO_TERMINAL) {
        await registerTerminal(desk, { address, name: member.name, kind: member.role, organisation });
        registered++;
      }
      for (const { hash, record } of seals) {
        const sealId = chainId32(record.id);
        const [, , status] = await contract.read.sealOf([sealId]);
        if (status === 0) {
          const certificateSha256 = createHash('sha256').update(Buffer.from(record.certificateChain[0] ?? '', 'base64')).digest('hex');
          await writeRegistry(client, registry, 'registerSeal', [sealId, chainId32(record.organisation.uscc), `0x${certificateSha256}`]);
        }
        const published = await contract.getEvents.SealRecordPublished({ sealId }, { fromBlock: 0n });
        if (published.at(-1)?.args.recordHash !== (`0x${hash}` as Hex)) await writeRegistry(client, registry, 'publishSealRecord', [sealId, `0x${hash}`]);
        const decided = await contract.getEvents.TerminalGrantChanged({ sealId, terminal: address }, { fromBlock: 0n });
        if (decided.length === 0) {
          // `sealdesk grant add`'s call, on the client already open: the terminal and the seal are registered just above
          await writeRegistry(client, registry, 'setTerminalGrant', [sealId, address, true]);
          granted++;
        }
      }
    }
    return { block: Number(await client.public.getBlockNumber()), registered, granted };
  } finally {
    ledger.close();
  }
}
