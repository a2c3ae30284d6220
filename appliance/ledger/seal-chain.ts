import type { Hex } from 'viem';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { chainId32 } from './chain/chain-id.js';
import { SEAL_STATUS, sealRegistryAt, writeRegistry } from './chain/seal-registry.js';
import { loadLedgerConfig, type LedgerConfig } from './ledger-config.js';
import { newSealEvent, type EventKind } from './outbox/seal-event.js';
import { signSealEvent } from './outbox/event-signer.js';
import { eventIdentity } from './seal-events.js';
import { chainError } from './chain/chain-error.js';
import { publishQueuedRecord, queueSealRecord } from './follower/record-queue.js';
import { queueSealStatus, settleSealStatus } from './follower/status-queue.js';
import { connectTerminalLedger, openTerminalOutbox, type TerminalLedger } from './terminal-ledger.js';

/** A chain is configured when there are nodes and a deployed registry (ledger.json / SEALDESK_RPC_URLS). */
export function chainConfigured(config: LedgerConfig): config is LedgerConfig & { registry: Hex } {
  return config.rpcUrls.length > 0 && !!config.registry;
}

/** A seal as the chain needs it (the seal registry's Seal, structurally). */
export interface SealOnChainFacts {
  id: string;
  organisation: { uscc: string };
  /** SHA-256 (hex) of the seal certificate's DER. */
  certificateSha256: string;
  status: 'active' | 'suspended' | 'revoked';
  /** ISO 8601 time of the last status change (the registration time for a new seal). */
  statusChangedAt: string;
  statusReason: string | null;
}

export type SealChange = 'registered' | 'suspended' | 'resumed' | 'revoked';

const KIND: Record<SealChange, EventKind> = { registered: 'seal-registered', suspended: 'seal-suspended', resumed: 'seal-resumed', revoked: 'seal-revoked' };

export interface PublishedSealChange {
  eventId: string;
  txHash: Hex;
  /** Unix seconds from which the status holds on chain. */
  effectiveAt: number;
  /** A registration whose seal record could not be published yet (its error code): queued, published later. */
  recordPending?: string;
}

/**
 * When a chain is configured: records the seal's change as a seal event in the outbox (signed by
 * the terminal's chain key, the registry actor) and writes it to SealRegistry (registerSeal or
 * setStatus, sent as the organisation admin / registry admin that `chain deploy` made the chain
 * key), resolving once the transaction is final. Without a chain: undefined, nothing written.
 *
 * Nothing waits on the node to be kept: the change is queued first (the seal record queue for a
 * registration with a record store, the status queue otherwise) and the event signed and put in
 * the outbox before any node is asked, so with the node out of reach this throws its chain error
 * but the ledger runner sends the change later and the outbox anchors the event
 * (sealChangeQueued tells a caller so).
 */
export async function publishSealChange(home: string, pkcs11: Pkcs11, change: SealChange, seal: SealOnChainFacts, login: (token: Token) => Promise<void>): Promise<PublishedSealChange | undefined> {
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config)) return undefined;
  // a registration is queued before the chain is asked at all: with the node out of reach (or the
  // transaction failing) the ledger runner registers the seal and publishes its record later
  if (change === 'registered' && config.sealRecords) queueSealRecord(home, seal.id);
  const generation = change !== 'registered' || !config.sealRecords ? queueSealStatus(home, seal.id) : undefined;
  const failed = (error: unknown) => {
    if (generation !== undefined) settleSealStatus(home, seal.id, generation, error);
    return error;
  };
  const opened = await openTerminalOutbox(home, pkcs11, config, login).catch((error: unknown) => Promise.reject(failed(error)));
  let eventId: string;
  try {
    const signer = await tokenSigner(opened.token, config.chainKey.label, { keyId: `chain:${opened.account.address}` });
    const event = await signSealEvent(newSealEvent({ kind: KIND[change], sealId: seal.id, signerCertificateHash: seal.certificateSha256, ...eventIdentity(), time: new Date(seal.statusChangedAt) }), signer);
    opened.outbox.append(event);
    eventId = event.id;
  } catch (error) {
    opened.close();
    throw failed(error);
  }
  const ledger = await connectTerminalLedger(opened, config).catch((error: unknown) => Promise.reject(failed(error)));
  try {
    const published = await sendSealChange(ledger, config, home, change, seal, eventId);
    if (generation !== undefined) settleSealStatus(home, seal.id, generation);
    return published;
  } catch (error) {
    throw failed(error);
  } finally {
    ledger.close();
  }
}

async function sendSealChange(ledger: TerminalLedger, config: LedgerConfig & { registry: Hex }, home: string, change: SealChange, seal: SealOnChainFacts, eventId: string): Promise<PublishedSealChange> {
  const sealId = chainId32(seal.id);
  if (change === 'registered') {
    const receipt = await writeRegistry(ledger.client, config.registry, 'registerSeal', [sealId, chainId32(seal.organisation.uscc), `0x${seal.certificateSha256}`]);
    // the record other terminals need to use and show the seal: bytes in the hall's store, its hash
    // on chain; queued above, so a failure here is published later by the ledger runner, not lost
    let recordPending: string | undefined;
    if (config.sealRecords) {
      recordPending = await publishQueuedRecord(ledger.client, config.registry, config.sealRecords, home, seal.id, { registered: true }).then(
        () => undefined,
        (error: unknown) => chainError(error).code,
      );
    }
    const block = await ledger.client.public.getBlock({ blockNumber: receipt.blockNumber });
    return { eventId, txHash: receipt.transactionHash, effectiveAt: Number(block.timestamp), ...(recordPending ? { recordPending } : {}) };
  }
  // the contract keeps changes in effective-time order: a change within the second of the
  // previous one (or of a registration block ahead of this clock) takes that second
  const contract = await sealRegistryAt(ledger.client.public, config.registry);
  const history = await contract.read.statusHistory([sealId]);
  const last = history.length ? Number(history[history.length - 1]!.effectiveAt) : 0;
  const effectiveAt = Math.max(Math.floor(new Date(seal.statusChangedAt).getTime() / 1000), last);
  const receipt = await writeRegistry(ledger.client, config.registry, 'setStatus', [sealId, SEAL_STATUS[seal.status], BigInt(effectiveAt), seal.statusReason ?? change]);
  return { eventId, txHash: receipt.transactionHash, effectiveAt };
}
