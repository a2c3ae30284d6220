import { Type } from '@sinclair/typebox';

const Hash = Type.Union([Type.String(), Type.Null()]);

/** A signed seal event as the outbox keeps it (ledger/outbox/seal-event.ts). */
export const SealEventView = Type.Object({
  v: Type.Literal(1),
  id: Type.String(),
  kind: Type.String(),
  sealId: Type.String(),
  documentHash: Hash,
  signerCertificateHash: Hash,
  terminalId: Type.String(),
  operatorId: Type.String(),
  subjectHash: Hash,
  time: Type.String(),
  /** `stamped` events since OFD stamping: the document's format; absent in older events (their signed bytes are without it). */
  format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('ofd')])),
  signature: Type.Object({ alg: Type.String(), keyId: Type.String(), value: Type.String() }),
});

/** How an event is anchored, without the event: what the public verification page shows. */
export const AnchorProofView = Type.Object({
  eventId: Type.String(),
  leaf: Type.Object({ value: Type.String(), hash: Type.String() }),
  proof: Type.Array(Type.String()),
  root: Type.String(),
  batchId: Type.String(),
  organisation: Type.String(),
  txHash: Type.String(),
  blockNumber: Type.Integer(),
  blockTime: Type.Integer(),
  chainId: Type.Integer(),
  contract: Type.String(),
});

/** A receipt as `sealdesk chain verify-receipt` checks it: the signed event it proves, its claims, the seal certificate when held (ledger/outbox/anchor-receipt.ts). */
export const ReceiptView = Type.Composite([
  AnchorProofView,
  Type.Object({
    version: Type.Literal(2),
    sealId: Type.String(),
    documentHash: Hash,
    time: Type.String(),
    event: SealEventView,
    signerCertificate: Type.Optional(Type.String({ description: 'base64 DER of the seal certificate the event names' })),
  }),
]);
