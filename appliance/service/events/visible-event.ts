import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { SignedSealEvent } from '../../ledger/outbox/seal-event.js';
import type { Principal } from '../../directory/principal.js';
import { requireSealVisible } from '../seals/seal-scope.js';
import type { ServiceContext } from '../service-context.js';

/** A seal event of this terminal's outbox whose seal the caller may see: EVENT_NOT_FOUND, or FORBIDDEN outside their subtree / grants. */
export function visibleEvent(context: ServiceContext, principal: Principal, id: string): SignedSealEvent {
  const event = context.events.outbox.event(id);
  if (!event) throw new SealdeskError('EVENT_NOT_FOUND', { event: id });
  requireSealVisible(context.scope, principal, context.seals.get(event.sealId));
  return event;
}
