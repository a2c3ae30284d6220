import { Type, type Static } from '@sinclair/typebox';
import type { ErrorBody } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { StampSpec } from './stamp-body.js';

export type StampJobStatus = 'running' | 'done' | 'failed';

export interface StampJobResult {
  eventId: string;
  documentHash: string;
  signerCertificateSha256: string;
  level: string;
  page: number | null;
  time: string;
  verificationUrl: string | null;
}

/** A stamp request as kept on disk: it outlives the HTTP request that made it. */
export interface StampJob {
  id: string;
  idempotencyKey: string | null;
  fingerprint: string;
  operatorId: string;
  operatorOrganisationId: string;
  /** The stamp belongs to the seal's organisation: lists by subtree go by it. */
  sealOrganisationId: string;
  spec: StampSpec;
  status: StampJobStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  result: StampJobResult | null;
  error: ErrorBody | null;
}

export const AnchorView = Type.Union([
  Type.Object({ status: Type.Literal('pending') }),
  Type.Object({ status: Type.Literal('anchored'), blockNumber: Type.Integer(), txHash: Type.String(), anchoredAt: Type.String(), chainId: Type.Integer() }),
]);
export type AnchorView = Static<typeof AnchorView>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const StampJobView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  documentId: Type.String(),
  sealId: Type.String(),
  operatorId: Type.String(),
  level: Type.String(),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  result: Nullable(
    Type.Object({
      eventId: Type.String(),
      documentHash: Type.String(),
      signerCertificateSha256: Type.String(),
      level: Type.String(),
      page: Nullable(Type.Integer()),
      time: Type.String(),
      verificationUrl: Nullable(Type.String()),
    }),
  ),
  error: Nullable(Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) })),
  anchor: Nullable(AnchorView),
});
export type StampJobView = Static<typeof StampJobView>;

export function jobView(job: StampJob, anchor: AnchorView | null): StampJobView {
  return {
    id: job.id,
    status: job.status,
    documentId: job.spec.documentId,
    sealId: job.spec.sealId,
    operatorId: job.operatorId,
    level: job.spec.level,
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    result: job.result,
    error: job.error ? { ...job.error, details: { ...job.error.details } } : null,
    anchor,
  };
}
