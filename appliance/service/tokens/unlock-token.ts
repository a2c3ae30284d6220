import type { Token } from '../../../drivers/pkcs11/token.js';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { operatorPinLimit } from '../../directory/operator-pin-tries.js';
import type { Principal } from '../../directory/principal.js';
import { auditActor } from '../access/audit-actor.js';
import { markAudited } from '../access/refusal.js';
import type { ServiceContext } from '../service-context.js';
import { CounterPins, type UnlockOutcome } from './counter-pins.js';

// one per service (tests run several in a process), gone with its context
const pinsByContext = new WeakMap<ServiceContext, CounterPins>();

export function counterPins(context: ServiceContext): CounterPins {
  let pins = pinsByContext.get(context);
  if (!pins) {
    pins = new CounterPins();
    pinsByContext.set(context, pins);
  }
  return pins;
}

/** How many wrong PINs one operator may type for one token: a share of the token's budget, never all of it. */
export function operatorPinLimitOf(context: ServiceContext): number {
  return operatorPinLimit(context.pkcs11.guard.maxTries);
}

function auditRefusedPin(context: ServiceContext, principal: Principal, token: Token, error: SealdeskError): void {
  context.audit.append({
    action: error.code === 'PIN_INCORRECT' ? 'token.pin-failed' : error.code === 'PIN_OPERATOR_LOCKED' ? 'token.pin-operator-locked' : 'token.pin-locked',
    actor: auditActor(principal),
    organisationId: principal.organisationId,
    target: token.serial,
    outcome: 'failed',
    errorCode: error.code,
    details: { triesLeft: typeof error.details.triesLeft === 'number' ? error.details.triesLeft : null },
  });
  // one entry per refused PIN: the route's own config.audit need not add another
  markAudited(error);
}

/**
 * Opens the token for a request, or checks the PIN typed for it (see CounterPins): a wrong PIN
 * never closes an open token. Each attempt is counted against the operator's own share of the
 * token's retry budget before the PIN is tried (so parallel guesses all count):
 * PIN_OPERATOR_LOCKED once that share is spent, PIN_INCORRECT with the fewer of the operator's and
 * the token's tries left. Refused PINs are audited. Without a PIN the token must already be
 * logged in (LOGIN_REQUIRED otherwise); only callers entitled to that (a kiosk's own seal, an
 * admin's chain key) pass none.
 */
export async function unlockToken(context: ServiceContext, principal: Principal, token: Token, pin: string | undefined): Promise<UnlockOutcome | 'open'> {
  if (pin === undefined) {
    if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED');
    return 'open';
  }
  const tries = context.directory.pinTries;
  let operatorLeft: number;
  try {
    operatorLeft = tries.reserve(principal.operatorId, token.serial, operatorPinLimitOf(context));
  } catch (error) {
    if (isSealdeskError(error, 'PIN_OPERATOR_LOCKED')) auditRefusedPin(context, principal, token, error);
    throw error;
  }
  try {
    const outcome = await counterPins(context).unlock(token, pin);
    tries.clear(principal.operatorId, token.serial);
    return outcome;
  } catch (error) {
    // only a PIN the token (or its verifier) judged wrong is the operator's to count
    if (!isSealdeskError(error, 'PIN_INCORRECT')) tries.release(principal.operatorId, token.serial);
    if (isSealdeskError(error, 'PIN_INCORRECT') || isSealdeskError(error, 'PIN_LOCKED')) {
      const tokenLeft = typeof error.details.triesLeft === 'number' ? error.details.triesLeft : operatorLeft;
      const typed = error.code === 'PIN_INCORRECT' ? new SealdeskError('PIN_INCORRECT', { triesLeft: Math.min(tokenLeft, operatorLeft) }, { cause: error.cause }) : error;
      auditRefusedPin(context, principal, token, typed);
      throw typed;
    }
    throw error;
  }
}
