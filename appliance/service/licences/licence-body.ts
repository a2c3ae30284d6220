import { Type } from '@sinclair/typebox';

/** What the counter or kiosk sends to issue a licence; the licence library checks the type, the holder's number and the fields. */
export const IssueLicenceBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 64, description: 'A licence type key (residence-certificate …) or its Chinese name (居住证明 …).' }),
    holder: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), idNumber: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false }),
    fields: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 1024 }), { description: 'The licence’s own fields (住址, 有效期 …).' }),
    sealId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    documentHash: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 (hex) of the stamped document issued with the licence.' }),
    pin: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The seal token’s PIN, when it is not open.' })),
  },
  { additionalProperties: false },
);

export const IssuedLicence = Type.Object({
  licenceId: Type.String(),
  code: Type.String({ description: 'The licence code (证照码) for the holder’s QR code: it opens this record only, is shown this once and kept nowhere (nothing can make it again).' }),
  eventId: Type.String(),
  chain: Type.Object({ txHash: Type.String(), blockNumber: Type.Integer(), registry: Type.String() }),
});
