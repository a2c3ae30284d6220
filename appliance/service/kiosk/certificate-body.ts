import { Type, type Static } from '@sinclair/typebox';

export const CertificateBody = Type.Object(
  {
    templateId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    /** The template's own fields the citizen filled in (by name); the holder comes from the ID card read in this session. */
    fields: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,31}$' }), Type.String({ maxLength: 500 }))),
    /** Print the document and the receipt once stamped (default true). */
    print: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CertificateBody = Static<typeof CertificateBody>;
