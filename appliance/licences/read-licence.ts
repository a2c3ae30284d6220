import { createHash } from 'node:crypto';
import { createPublicClient, type Address, type Hex } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { chainError } from '../ledger/chain/chain-error.js';
import { rpcTransport } from '../ledger/chain/rpc-transport.js';
import { chainId32 } from '../ledger/chain/chain-id.js';
import { sealRegistryAt, statusName, type SealStatus } from '../ledger/chain/seal-registry.js';
import { sealEventSignedBy } from './event-signature.js';
import { readLicenceRecord } from './licence-chain.js';
import { openLicence, type LicenceKey } from './licence-envelope.js';
import type { LicenceRecord } from './licence-record.js';
import { licenceBinding } from './issue-licence.js';

export interface ReadLicenceParameters {
  rpcUrls: string[];
  registry: Address;
  licenceId: string;
  /** The holder's licence code, or this terminal's copies of the holder's keys. */
  key: LicenceKey;
}

/** A decrypted record and what the chain says about it; returned only when every check passed. */
export interface VerifiedLicence {
  record: LicenceRecord;
  chain: {
    registry: Address;
    licenceId: Hex;
    /** Block time of the publication (ISO 8601). */
    publishedAt: string;
    blockNumber: number;
    terminal: Address;
    sealStatusAtIssue: SealStatus;
    sealStatusNow: SealStatus;
  };
  /** The licence-issued seal event inside the record: its signature verified with the seal certificate whose hash is on chain. */
  event: { id: string; signatureValid: true };
}

/**
 * Reads a licence from any node (eth_call only) and verifies it: the envelope decrypts with the
 * key and is bound to the chain's licence id, organisation, seal and document hash; the seal
 * certificate in the record is the one registered on chain; the seal was active at publication;
 * the licence-issued event inside matches the record and carries the seal key's signature.
 */
export async function readLicence(parameters: ReadLicenceParameters): Promise<VerifiedLicence> {
  const { licenceId } = parameters;
  const client = createPublicClient({ transport: rpcTransport(parameters.rpcUrls) });
  const chainLicenceId = chainId32(licenceId);
  const onChain = await readLicenceRecord(client, parameters.registry, chainLicenceId);
  if (!onChain) throw new SealdeskError('LICENCE_NOT_FOUND', { licence: licenceId });
  const plaintext = openLicence(parameters.key, onChain.envelope, onChain, licenceId);

  const tampered = (reason: string, reasonZh: string) => new SealdeskError('LICENCE_TAMPERED', { licence: licenceId, reason, reasonZh });
  let record: LicenceRecord;
  try {
    record = JSON.parse(plaintext.toString('utf8')) as LicenceRecord;
  } catch {
    throw tampered('record is not JSON', '记录不是 JSON');
  }
  if (record.v !== 1 || record.licenceId !== licenceId) throw tampered('licence id', '证照编号不符');
  const binding = licenceBinding(record);
  if (binding.organisation !== onChain.organisation || binding.sealId !== onChain.sealId || binding.documentHash !== onChain.documentHash) throw tampered('chain binding', '与链上绑定信息不符');

  let sealStatusAtIssue: SealStatus;
  let sealStatusNow: SealStatus;
  let certificateHash: Hex;
  try {
    const registry = await sealRegistryAt(client, parameters.registry);
    const [organisation, registered, status] = await registry.read.sealOf([onChain.sealId]);
    if (organisation !== onChain.organisation) throw tampered('seal organisation', '印章所属单位不符');
    certificateHash = registered;
    sealStatusNow = statusName(status);
    sealStatusAtIssue = statusName(await registry.read.statusAt([onChain.sealId, BigInt(onChain.issuedAt)]));
  } catch (error) {
    throw chainError(error);
  }
  const certificate = Buffer.from(record.seal.certificate, 'base64');
  if (`0x${createHash('sha256').update(certificate).digest('hex')}` !== certificateHash) throw tampered('seal certificate', '印章证书不符');
  if (sealStatusAtIssue !== 'active') throw new SealdeskError('LICENCE_SEAL_INVALID', { seal: record.seal.id, status: sealStatusAtIssue });

  const { event } = record;
  const matches =
    event.id === licenceId &&
    event.kind === 'licence-issued' &&
    event.sealId === record.seal.id &&
    event.documentHash === record.documentHash &&
    event.subjectHash === record.subjectHash &&
    event.time === record.issuedAt;
  if (!matches || !sealEventSignedBy(event, certificate)) throw tampered('licence-issued seal event', '证照签发的印章事件不符');

  return {
    record,
    chain: {
      registry: parameters.registry,
      licenceId: chainLicenceId,
      publishedAt: new Date(onChain.issuedAt * 1000).toISOString(),
      blockNumber: onChain.blockNumber,
      terminal: onChain.terminal,
      sealStatusAtIssue,
      sealStatusNow,
    },
    event: { id: event.id, signatureValid: true },
  };
}
