import { Type, type Static } from '@sinclair/typebox';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import { SEAL_TYPES, type Seal, type SealType } from '../../seals/seal.js';

export const SealTypeName = Type.Unsafe<SealType>({ type: 'string', enum: Object.keys(SEAL_TYPES) });
export const SealStatusName = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);

export const SealView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  organisation: Type.Object({ name: Type.String(), uscc: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
  key: Type.Object({ tokenSerial: Type.String(), tokenLabel: Type.String(), keyLabel: Type.String() }),
  certificateSerial: Type.String(),
  certificateIssuer: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  imageSource: Type.String(),
  /** 'gbt38540': the seal also has a GB/T 38540 SESeal (it can stamp OFDs); 'sealdesk': registry record only. */
  format: Type.Union([Type.Literal('sealdesk'), Type.Literal('gbt38540')]),
  status: SealStatusName,
  statusChangedAt: Type.String(),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  notBefore: Type.String(),
  notAfter: Type.String(),
  createdAt: Type.String(),
});
export type SealView = Static<typeof SealView>;

export const SealDetail = Type.Composite([
  SealView,
  Type.Object({
    certificateChain: Type.Array(Type.String(), { description: 'PEM, the seal certificate first' }),
    history: Type.Array(Type.Object({ status: SealStatusName, at: Type.String(), reason: Type.Union([Type.String(), Type.Null()]) })),
  }),
]);

/** A seal for the API: the certificate chain left to the detail view, as PEM. */
export function sealView(seal: Seal, organisationId: string | undefined): SealView {
  const { certificateChain: _chain, ...rest } = seal;
  return { ...rest, typeName: SEAL_TYPES[seal.type], organisation: { ...seal.organisation, id: organisationId ?? null } };
}

export const chainPems = (seal: Seal): string[] => seal.certificateChain.map((der) => toPem(der, 'CERTIFICATE'));
