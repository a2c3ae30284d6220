import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { loadCa } from '../../ca/ca-store.js';
import type { ServiceContext } from '../service-context.js';

/**
 * The dev CA's token, when a new seal's certificate needs it opened: on another token than the
 * seal's key, and closed (the demo hall keeps the CA on a token of its own). It is opened with its
 * own PIN (`caPin`), never with the seal token's, which would spend one of the CA token's tries
 * on a PIN meant for another token; without one, CA_LOGIN_REQUIRED names it before anything is
 * tried or a key is made.
 */
export function caTokenToOpen(context: ServiceContext, sealToken: Token, caPin: string | undefined): Token | undefined {
  const { state } = loadCa(context.home);
  if (state.token.serial === sealToken.serial) return undefined;
  const caToken = context.pkcs11.token({ serial: state.token.serial });
  if (caToken.isLoggedIn) return undefined;
  if (caPin === undefined) throw new SealdeskError('CA_LOGIN_REQUIRED', { token: caToken.label });
  return caToken;
}
