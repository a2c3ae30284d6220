import { Type, type Static } from '@sinclair/typebox';
import type { Outbox } from '../../ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../ledger/outbox/seal-event.js';
import type { SealRegistry } from '../../seals/registry/seal-registry.js';
import { ReceiptView } from '../events/event-view.js';
import { sealCertificateOf } from '../../seals/registry/event-certificate.js';

/** A seal event and its anchoring: pending until the ledger worker stored the receipt, then the receipt anyone can check on chain. */
export const EventAnchor = Type.Object({
  eventId: Type.String(),
  kind: Type.String(),
  sealId: Type.String(),
  time: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('anchored')]),
  receipt: Type.Union([ReceiptView, Type.Null()], { description: 'Block, transaction, batch, Merkle root and proof; null while pending.' }),
});
export type EventAnchor = Static<typeof EventAnchor>;

export function eventAnchor(outbox: Outbox, event: SignedSealEvent, seals?: SealRegistry): EventAnchor {
  const receipt = outbox.receipt(event.id, seals && sealCertificateOf(seals)) ?? null;
  return { eventId: event.id, kind: event.kind, sealId: event.sealId, time: event.time, status: receipt ? 'anchored' : 'pending', receipt };
}
