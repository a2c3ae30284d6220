import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Placement, StampRequest } from '../../stamping/index.js';
import { DOCUMENT_ID_PATTERN } from '../documents/document-store.js';

const Size = Type.Optional(Type.Number({ minimum: 20, maximum: 400 }));

export const PlacementBody = Type.Union([
  Type.Object({ kind: Type.Literal('position'), page: Type.Integer({ minimum: 1 }), x: Type.Number({ minimum: 0 }), y: Type.Number({ minimum: 0 }), size: Size }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('text'), text: Type.String({ minLength: 1, maxLength: 64 }), size: Size }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('field'), name: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
]);

export const StampBody = Type.Object(
  {
    documentId: Type.String({ pattern: DOCUMENT_ID_PATTERN }),
    sealId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    placement: PlacementBody,
    crossPage: Type.Optional(
      Type.Union([Type.Boolean(), Type.Object({ from: Type.Optional(Type.Integer({ minimum: 1 })), to: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false })], {
        description: '骑缝章 across the right edges: true for every page, or a page range',
      }),
    ),
    level: Type.Optional(Type.Union([Type.Literal('B-B'), Type.Literal('B-T'), Type.Literal('B-LT'), Type.Literal('B-LTA')])),
    pin: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the seal token's user PIN (C_Login only; never stored)" })),
  },
  { additionalProperties: false },
);
export type StampBody = Static<typeof StampBody>;

/** The stamp as stampPdf takes it, less the paths. */
export interface StampSpec {
  documentId: string;
  sealId: string;
  placement: Placement;
  crossPage?: NonNullable<StampRequest['crossPage']>;
  level: NonNullable<StampRequest['level']>;
}

export function stampSpec(body: StampBody): StampSpec {
  const crossPage = body.crossPage === true ? {} : body.crossPage === false || body.crossPage === undefined ? undefined : body.crossPage;
  return { documentId: body.documentId, sealId: body.sealId, placement: body.placement, level: body.level ?? 'B-B', ...(crossPage ? { crossPage } : {}) };
}

/** What makes two requests "the same stamp" for an idempotency key: everything but the PIN. */
export function fingerprintOf(spec: StampSpec): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]))
      : value;
  return createHash('sha256').update(JSON.stringify(sorted(spec))).digest('hex');
}
