import { Type, type Static } from '@sinclair/typebox';
import type { Hex } from 'viem';
import { maskIdNumber } from '../../devices/masked-card.js';
import { LICENCE_TYPE_NAMES_EN } from '../../licences/licence-record.js';
import type { VerifiedLicence } from '../../licences/read-licence.js';

const SealStatus = Type.String({ description: 'active, suspended or revoked' });

/** A licence read with its code and verified against the chain, as the holder or whoever they show it to sees it. */
export const LicenceView = Type.Object({
  licenceId: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  typeNameEn: Type.String(),
  holder: Type.Object({ name: Type.String(), idNumber: Type.String({ description: 'Masked: first and last character.' }) }),
  fields: Type.Record(Type.String(), Type.String()),
  organisation: Type.Object({ name: Type.String(), uscc: Type.String() }),
  seal: Type.Object({ id: Type.String(), name: Type.String() }),
  documentHash: Type.String(),
  issuedAt: Type.String(),
  event: Type.Object({ id: Type.String(), signatureValid: Type.Boolean() }),
  chain: Type.Object({
    registry: Type.String(),
    licenceId: Type.String({ description: 'The record’s id on chain (keccak256 of the licence id).' }),
    txHash: Type.Union([Type.String(), Type.Null()]),
    blockNumber: Type.Integer(),
    publishedAt: Type.String(),
    terminal: Type.String(),
    sealStatusAtIssue: SealStatus,
    sealStatusNow: SealStatus,
  }),
});
export type LicenceView = Static<typeof LicenceView>;

/** The verified record for the wire: the holder's number masked (an HTTP answer may be shown on any screen), the certificate left out. */
export function licenceView(verified: VerifiedLicence, txHash: Hex | null): LicenceView {
  const { record, chain, event } = verified;
  return {
    licenceId: record.licenceId,
    type: record.type,
    typeName: record.typeName,
    typeNameEn: LICENCE_TYPE_NAMES_EN[record.type],
    holder: { name: record.holder.name, idNumber: maskIdNumber(record.holder.idNumber) },
    fields: record.fields,
    organisation: record.organisation,
    seal: { id: record.seal.id, name: record.seal.name },
    documentHash: record.documentHash,
    issuedAt: record.issuedAt,
    event,
    chain: { ...chain, txHash },
  };
}
