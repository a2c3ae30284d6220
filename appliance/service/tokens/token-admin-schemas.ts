import { Type, type Static } from '@sinclair/typebox';
import { KEY_TYPES } from '../../../drivers/pkcs11/key-types.js';

/** TypeBox schemas of the token administration routes. PINs travel in JSON bodies only. */

const Pin = Type.String({ minLength: 1, maxLength: 64 });
const TokenLabel = Type.String({ minLength: 1, maxLength: 32 });

export const SerialParams = Type.Object({ serial: Type.String({ minLength: 1, maxLength: 32 }) });
export const SlotParams = Type.Object({ slotId: Type.String({ pattern: '^[0-9]{1,20}$' }) });

const OrganisationId = Type.String({ minLength: 1, maxLength: 64, description: "the organisation the token belongs to (within the admin's subtree); default the admin's own" });

export const InitTokenBody = Type.Object({ label: TokenLabel, soPin: Pin, pin: Pin, organisationId: Type.Optional(OrganisationId) }, { additionalProperties: false });
export type InitTokenBody = Static<typeof InitTokenBody>;
export const ClaimBody = Type.Object({ organisationId: Type.Optional(OrganisationId) }, { additionalProperties: false });
export const ClaimResult = Type.Object({ serial: Type.String(), label: Type.String(), organisationId: Type.String() });
export const SoPinBody = Type.Object({ soPin: Pin, newPin: Pin }, { additionalProperties: false });
export const ChangePinBody = Type.Object({ pin: Pin, newPin: Pin }, { additionalProperties: false });
export const KeygenBody = Type.Object(
  {
    type: Type.Union(KEY_TYPES.map((t) => Type.Literal(t))),
    label: Type.String({ minLength: 1, maxLength: 64 }),
    /** The user PIN; without it the token must already be logged in. */
    pin: Type.Optional(Pin),
  },
  { additionalProperties: false },
);

export const InitResult = Type.Object({ slotId: Type.String(), serial: Type.String(), label: Type.String(), organisationId: Type.String() });
export const PinResult = Type.Object({ serial: Type.String(), label: Type.String(), userPin: Type.Union([Type.Literal('set'), Type.Literal('changed'), Type.Literal('unblocked')]) });

export const KeyView = Type.Object({
  label: Type.String(),
  id: Type.String(),
  type: Type.String(),
  bits: Type.Union([Type.Integer(), Type.Null()]),
  hasPrivateKey: Type.Boolean(),
  hasPublicKey: Type.Boolean(),
  hasCertificate: Type.Boolean(),
});
export const CertificateView = Type.Object({
  label: Type.String(),
  id: Type.String(),
  subject: Type.String(),
  issuer: Type.String(),
  serialNumber: Type.String(),
  notAfter: Type.String(),
});
export const KeyList = Type.Object({ serial: Type.String(), label: Type.String(), loggedIn: Type.Boolean(), keys: Type.Array(KeyView), certificates: Type.Array(CertificateView) });
export type KeyList = Static<typeof KeyList>;
