import { Type } from '@sinclair/typebox';
import { principalOf } from '../access/route-access.js';
import type { ServicePlugin } from '../service-plugin.js';
import { slotListed } from '../tokens/listed-tokens.js';
import { SlotView, slotView } from '../tokens/token-view.js';
import { requireTokenConcerns } from '../tokens/token-scope.js';
import { counterPins, unlockToken } from '../tokens/unlock-token.js';

const SerialParams = Type.Object({ serial: Type.String({ minLength: 1, maxLength: 32 }) });
const LoginBody = Type.Object({ pin: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const LoginState = Type.Object({ serial: Type.String(), label: Type.String(), loggedIn: Type.Boolean() });

/**
 * /api/tokens: the slots and tokens of this terminal the caller may know of (listed-tokens.ts),
 * and the clerk's C_Login / C_Logout (by
 * those whom the token's seals concern, see token-scope.ts; anyone else is FORBIDDEN before a PIN
 * is tried). The PIN goes to C_Login, or on an open token to the token's own HMAC check (a wrong
 * one leaves it open); it is not logged (the logger redacts `pin`) and not stored.
 */
const tokensPlugin: ServicePlugin = (context) => async (app) => {
  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], response: { 200: Type.Array(SlotView) } }, config: { access: ['admin', 'clerk', 'auditor'] } },
    async (request) => {
      const principal = principalOf(request);
      return context.pkcs11.slots().filter((slot) => slotListed(context, principal, slot)).map((slot) => slotView(context.pkcs11, slot, (serial) => context.directory.tokens.organisationOf(serial)));
    },
  );

  app.post(
    '/api/tokens/:serial/login',
    { schema: { tags: ['tokens'], params: SerialParams, body: LoginBody, response: { 200: LoginState } }, config: { access: ['admin', 'clerk'], audit: { action: 'token.login', target: 'serial' } } },
    async (request) => {
      const principal = principalOf(request);
      const token = context.pkcs11.token({ serial: request.params.serial });
      requireTokenConcerns(context, principal, token.serial);
      // a wrong PIN is audited there ('token.pin-failed'); every outcome as token.login (config.audit)
      await unlockToken(context, principal, token, request.body.pin);
      return { serial: token.serial, label: token.label, loggedIn: token.isLoggedIn };
    },
  );

  app.post(
    '/api/tokens/:serial/logout',
    { schema: { tags: ['tokens'], params: SerialParams, response: { 200: LoginState } }, config: { access: ['admin', 'clerk'], audit: { action: 'token.logout', target: 'serial' } } },
    async (request) => {
      const token = context.pkcs11.token({ serial: request.params.serial });
      requireTokenConcerns(context, principalOf(request), token.serial);
      await counterPins(context).logout(token);
      return { serial: token.serial, label: token.label, loggedIn: token.isLoggedIn };
    },
  );
};
export default tokensPlugin;
