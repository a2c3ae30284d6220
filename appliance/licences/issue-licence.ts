import { createHash } from 'node:crypto';
import type { Hex } from 'viem';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { subjectHash } from '../../drivers/idcard/subject-hash.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { chainId32 } from '../ledger/chain/chain-id.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';
import { uuid7 } from '../ledger/outbox/uuid7.js';
import { chainConfigured } from '../ledger/seal-chain.js';
import { SealEventLog } from '../ledger/seal-events.js';
import { openTerminalLedger } from '../ledger/terminal-ledger.js';
import { canonicalJson } from '../ledger/outbox/canonical-json.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import { publishLicenceRecord } from './licence-chain.js';
import { formatLicenceCode } from './licence-code.js';
import { sealLicence, type LicenceBinding } from './licence-envelope.js';
import { checkFields, checkHolder, LICENCE_TYPES, licenceType, type HolderInput, type LicenceRecord } from './licence-record.js';
import { terminalKeyWrapper } from './licence-wrapping-key.js';
import { SubjectKeys } from './subject-keys.js';
import { subjectSalt } from './terminal-secrets.js';

export interface IssueLicenceParameters {
  /** A key of LICENCE_TYPES or its Chinese name. */
  type: string;
  holder: HolderInput;
  fields: unknown;
  sealId: string;
  /** SHA-256 (hex) of the stamped document issued with the licence. */
  documentHash: string;
  now?: Date;
}

export interface IssueLicenceReturnType {
  licenceId: string;
  /** The licence code (证照码) for the QR code: it opens this record only. Returned this once: nothing here can make it again. */
  code: string;
  subjectHash: string;
  /** The licence-issued seal event in the outbox (its id is the licence id). */
  eventId: string;
  chain: { txHash: Hex; blockNumber: number; registry: Hex };
}

/** The chain binding of a record: ids as the registry keeps them (keccak256 of the text ids). */
export function licenceBinding(record: Pick<LicenceRecord, 'licenceId' | 'organisation' | 'seal' | 'documentHash'>): LicenceBinding {
  return { licenceId: chainId32(record.licenceId), organisation: chainId32(record.organisation.uscc), sealId: chainId32(record.seal.id), documentHash: `0x${record.documentHash}` };
}

/**
 * Issues a licence: the holder's key (made on first sight, kept wrapped on this terminal by a key
 * on its token),
 * the licence-issued seal event signed by the seal's key into the outbox (fsynced, with the salted
 * subject hash, never the number), then the record sealed for the holder (licence-envelope.ts:
 * the code's record secret is made here and returned once) and published on SealRegistry by the
 * terminal's chain key. Resolves once the transaction is final.
 */
export async function issueLicence(home: string, pkcs11: Pkcs11, login: (token: Token) => Promise<void>, parameters: IssueLicenceParameters): Promise<IssueLicenceReturnType> {
  const type = licenceType(parameters.type);
  const holder = checkHolder(parameters.holder);
  const fields = checkFields(parameters.fields);
  if (!/^[0-9a-f]{64}$/i.test(parameters.documentHash)) throw new SealdeskError('INPUT_INVALID', { reason: 'the document hash must be a SHA-256 in hex', reasonZh: '文件哈希值须为十六进制的 SHA-256 值' });
  const config = loadLedgerConfig(home);
  if (!chainConfigured(config)) throw new SealdeskError('USAGE', { reason: 'licence records live on the chain: run sealdesk chain deploy (or set ledger.json) first', reasonZh: '电子证照记录保存在区块链上：请先运行 sealdesk chain deploy（或配置 ledger.json）' });
  const now = parameters.now ?? new Date();

  const seals = SealRegistry.open(home);
  let seal;
  try {
    seal = seals.usable(parameters.sealId, now);
  } finally {
    seals.close();
  }
  const certificate = seal.certificateChain[0]!;
  const certificateSha256 = createHash('sha256').update(certificate).digest('hex');
  const subject = subjectHash(holder.idNumber, subjectSalt(home));
  // the holder key is wrapped by the terminal token's key (LICENCE_KEY_UNAVAILABLE when that token is not open)
  const keys = await SubjectKeys.open(home, await terminalKeyWrapper(home, pkcs11, login));
  let holderKey;
  try {
    holderKey = (await keys.holderKey(subject, now)).key;
  } finally {
    keys.close();
  }

  const sealToken = pkcs11.token({ serial: seal.key.tokenSerial });
  await login(sealToken);
  const licenceId = uuid7(now.getTime());
  const log = new SealEventLog(home);
  let event;
  try {
    const signer = await tokenSigner(sealToken, seal.key.keyLabel, { keyId: `sha256:${certificateSha256}` });
    event = await log.record({ kind: 'licence-issued', sealId: seal.id, documentHash: parameters.documentHash.toLowerCase(), signerCertificateHash: certificateSha256, subjectHash: subject, time: now }, signer, licenceId);
  } finally {
    log.close();
  }

  const record: LicenceRecord = {
    v: 1,
    licenceId,
    type,
    typeName: LICENCE_TYPES[type],
    holder: { name: holder.name, idNumber: holder.idNumber.reveal() },
    fields,
    organisation: { name: seal.organisation.name, uscc: seal.organisation.uscc },
    seal: { id: seal.id, name: seal.name, certificate: certificate.toString('base64') },
    documentHash: parameters.documentHash.toLowerCase(),
    subjectHash: subject,
    issuedAt: event.time,
    event,
  };
  const binding = licenceBinding(record);
  const { envelope, recordSecret } = sealLicence(holderKey, Buffer.from(canonicalJson(record), 'utf8'), binding);

  const ledger = await openTerminalLedger(home, pkcs11, config, login);
  try {
    const receipt = await publishLicenceRecord(ledger.client, config.registry, binding, envelope);
    return {
      licenceId,
      code: formatLicenceCode({ licenceId, secret: recordSecret, version: 2 }),
      subjectHash: subject,
      eventId: event.id,
      chain: { txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), registry: config.registry },
    };
  } finally {
    ledger.close();
  }
}
