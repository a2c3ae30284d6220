import { isAddress, type Address, type Hex } from 'viem';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Organisation } from '../directory/organisation.js';
import { openSealDatabase } from '../seals/registry/database.js';
import { chainId32 } from './chain/chain-id.js';
import { sealRegistryAt, writeRegistry } from './chain/seal-registry.js';
import { organisationRecordOf, putHallRecord, hallRecordHash, type TerminalKind, type TerminalRecord } from './follower/hall-record.js';
import { organisationKey } from './follower/organisation-key.js';
import { loadLedgerConfig, type LedgerConfig } from './ledger-config.js';
import { chainConfigured } from './seal-chain.js';
import { openTerminalLedger, type TerminalLedger } from './terminal-ledger.js';

/**
 * The desk's side of issue 17 item 2: which terminals the hall has, which seal each may stamp
 * with, and the organisation tree — written to SealRegistry with the desk's chain key (the
 * registry or organisation admin), the records into the hall's store. Every terminal's follower
 * applies them from final blocks.
 */
export interface DeskChain {
  home: string;
  pkcs11: Pkcs11;
  login: (token: Token) => Promise<void>;
}

function hallConfig(home: string): LedgerConfig & { registry: Hex; sealRecords: string } {
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config)) throw new SealdeskError('USAGE', { reason: 'no chain configured here: run sealdesk chain deploy first', reasonZh: '本机未配置区块链：请先运行 sealdesk chain deploy' });
  if (!config.sealRecords) throw new SealdeskError('USAGE', { reason: 'no hall record store: set sealRecords in ledger.json', reasonZh: '未配置大厅档案存储：请在 ledger.json 中设置 sealRecords' });
  return { ...config, registry: config.registry, sealRecords: config.sealRecords };
}

async function withLedger<T>(desk: DeskChain, use: (ledger: TerminalLedger, config: ReturnType<typeof hallConfig>) => Promise<T>): Promise<T> {
  const config = hallConfig(desk.home);
  const ledger = await openTerminalLedger(desk.home, desk.pkcs11, config, desk.login);
  try {
    return await use(ledger, config);
  } finally {
    ledger.close();
  }
}

export function checkedAddress(text: string): Address {
  const address = text.trim();
  if (!isAddress(address, { strict: false })) throw new SealdeskError('INPUT_INVALID', { reason: `"${address}" is not a chain key address (0x and 40 hex digits)`, reasonZh: `“${address}”不是区块链密钥地址（0x 加 40 位十六进制）` });
  return address.toLowerCase() as Address;
}

export interface RegisteredTerminal {
  record: TerminalRecord;
  recordHash: string;
  txHash: Hex;
  gasUsed: bigint;
}

/** Registers (or re-registers: a new name, kind or organisation) a terminal by its chain key address. */
export async function registerTerminal(desk: DeskChain, terminal: { address: string; name: string; kind: TerminalKind; organisation: Organisation }, now = new Date()): Promise<RegisteredTerminal> {
  const address = checkedAddress(terminal.address);
  const name = terminal.name.trim();
  if (!name || name.length > 100) throw new SealdeskError('INPUT_INVALID', { reason: 'a terminal name has 1 to 100 characters', reasonZh: '终端名称须为 1 至 100 个字' });
  return withLedger(desk, async (ledger, config) => {
    const record: TerminalRecord = { version: 1, kind: 'terminal', address, name, terminalKind: terminal.kind, organisationId: terminal.organisation.id, registeredAt: now.toISOString() };
    const recordHash = putHallRecord(config.sealRecords, record);
    const receipt = await writeRegistry(ledger.client, config.registry, 'registerTerminal', [address, organisationKey(terminal.organisation), `0x${recordHash}`]);
    return { record, recordHash, txHash: receipt.transactionHash, gasUsed: receipt.gasUsed };
  });
}

/** Grants (or withdraws) a seal to a registered terminal; TERMINAL_NOT_REGISTERED before a transaction is sent. */
export async function setTerminalGrant(desk: DeskChain, sealId: string, terminalText: string, granted: boolean): Promise<{ txHash: Hex; gasUsed: bigint }> {
  const terminal = checkedAddress(terminalText);
  return withLedger(desk, async (ledger, config) => {
    const contract = await sealRegistryAt(ledger.client.public, config.registry);
    if ((await contract.read.terminalOf([terminal])) === `0x${'0'.repeat(64)}`) throw new SealdeskError('TERMINAL_NOT_REGISTERED', { terminal });
    const [, , status] = await contract.read.sealOf([chainId32(sealId)]);
    if (status === 0) throw new SealdeskError('SEAL_NOT_FOUND', { seal: sealId });
    const receipt = await writeRegistry(ledger.client, config.registry, 'setTerminalGrant', [chainId32(sealId), terminal, granted]);
    return { txHash: receipt.transactionHash, gasUsed: receipt.gasUsed };
  });
}

export interface PublishedOrganisation {
  id: string;
  name: string;
  recordHash: string;
  /** Absent when the chain already has this very record (nothing sent). */
  txHash?: Hex;
  gasUsed?: bigint;
}

/**
 * Publishes organisations of the desk's tree (parents before children, as given): each record
 * into the store, its hash on chain. One the chain already has as it is now (the desk's own
 * follower applied it) is skipped, so publishing the whole tree again costs nothing.
 */
export async function publishOrganisations(desk: DeskChain, organisations: Organisation[]): Promise<PublishedOrganisation[]> {
  const db = openSealDatabase(desk.home);
  const known = (key: Hex) => db.prepare('SELECT record_hash FROM chain_organisations WHERE organisation = ?').pluck().get(key) as string | undefined;
  try {
    return await withLedger(desk, async (ledger, config) => {
      const published: PublishedOrganisation[] = [];
      for (const organisation of organisations) {
        const record = organisationRecordOf(organisation);
        const key = organisationKey(organisation);
        const recordHash = hallRecordHash(record);
        if (known(key) === recordHash) {
          published.push({ id: organisation.id, name: organisation.name, recordHash });
          continue;
        }
        putHallRecord(config.sealRecords, record);
        const receipt = await writeRegistry(ledger.client, config.registry, 'publishOrganisationRecord', [key, `0x${recordHash}`]);
        published.push({ id: organisation.id, name: organisation.name, recordHash, txHash: receipt.transactionHash, gasUsed: receipt.gasUsed });
      }
      return published;
    });
  } finally {
    db.close();
  }
}
