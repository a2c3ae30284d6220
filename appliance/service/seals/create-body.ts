import { Type, type Static } from '@sinclair/typebox';
import { SealTypeName } from './seal-view.js';

/** What `sealdesk seal create` takes, as JSON: binary parts (PNG, certificates) in base64 or PEM. */
export const CreateSealBody = Type.Object(
  {
    tokenSerial: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 64 }),
    type: SealTypeName,
    organisation: Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }), uscc: Type.String({ minLength: 18, maxLength: 18 }) }, { additionalProperties: false }),
    keyLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    existingKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    certificateChain: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 8, description: 'PEM or base64 DER, the seal certificate first (with existingKey)' })),
    imagePng: Type.Optional(Type.String({ minLength: 1, description: 'base64 PNG with a transparent background' })),
    shape: Type.Optional(Type.Union([Type.Literal('round'), Type.Literal('oval'), Type.Literal('square')])),
    holder: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    code: Type.Optional(Type.String({ pattern: '^[0-9]{13}$' })),
    eku: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('documentSigning')])),
    pin: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the token's user PIN, when it is not logged in" })),
    caPin: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the dev CA token's user PIN, when the CA is on another token and it is not logged in (CA_LOGIN_REQUIRED names it)" })),
  },
  { additionalProperties: false },
);
export type CreateSealBody = Static<typeof CreateSealBody>;

/** A certificate as PEM text or base64 DER. */
export function certificateBytes(text: string): Buffer {
  return text.trimStart().startsWith('-----BEGIN') ? Buffer.from(text, 'utf8') : Buffer.from(text, 'base64');
}
