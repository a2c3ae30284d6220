import type { Token } from '../../../drivers/pkcs11/token.js';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from '../access/principal.js';
import { auditActor } from '../access/audit-actor.js';
import type { ServiceContext } from '../service-context.js';
import { CounterPins, type UnlockOutcome } from './counter-pins.js';

// one cache per service (tests run several in a process), gone with its context
const pinsByContext = new WeakMap<ServiceContext, CounterPins>();

export function counterPins(context: ServiceContext): CounterPins {
  let pins = pinsByContext.get(context);
  if (!pins) {
    pins = new CounterPins();
    pinsByContext.set(context, pins);
  }
  return pins;
}

/**
 * Opens the token for a request: with a PIN, checked (see CounterPins) and audited when wrong;
 * without one, the token must already be logged in (LOGIN_REQUIRED otherwise: the clerk types it).
 */
export async function unlockToken(context: ServiceContext, principal: Principal, token: Token, pin: string | undefined): Promise<UnlockOutcome | 'open'> {
  if (pin === undefined) {
    if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED');
    return 'open';
  }
  try {
    return await counterPins(context).unlock(token, pin);
  } catch (error) {
    if (isSealdeskError(error, 'PIN_INCORRECT') || isSealdeskError(error, 'PIN_LOCKED')) {
      context.audit.append({
        action: error.code === 'PIN_LOCKED' ? 'token.pin-locked' : 'token.pin-failed',
        actor: auditActor(principal),
        organisationId: principal.organisationId,
        target: token.serial,
        outcome: 'failed',
        errorCode: error.code,
        details: { triesLeft: typeof error.details.triesLeft === 'number' ? error.details.triesLeft : null },
      });
    }
    throw error;
  }
}
