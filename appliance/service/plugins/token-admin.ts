import { requireWithin } from '../access/require-within.js';
import { forbidden } from '../access/refusal.js';
import { principalOf } from '../access/route-access.js';
import { audited } from '../seals/audit-action.js';
import type { ServicePlugin } from '../service-plugin.js';
import { initFreeSlot } from '../tokens/init-free-slot.js';
import { ChangePinBody, ClaimBody, ClaimResult, InitResult, InitTokenBody, KeygenBody, KeyList, KeyView, PinResult, SerialParams, SlotParams, SoPinBody } from '../tokens/token-admin-schemas.js';
import { tokenKeys } from '../tokens/token-keys.js';
import { requireTokenWithin } from '../tokens/token-scope.js';
import { counterPins, unlockToken } from '../tokens/unlock-token.js';

const ADMIN: { access: ['admin'] } = { access: ['admin'] };
const tags = ['tokens'];

/**
 * Token administration for the seal administrator, as `sealdesk token` does it: initialise a
 * free slot, set, change and unblock the user PIN, generate and list keys. A token belongs to an
 * organisation (bound when it is initialised here, or claimed), and only admins (and, for the key
 * list, auditors) of that organisation's subtree act on it; others get FORBIDDEN before the token
 * is touched. PINs come in JSON bodies only, go to the token and are forgotten: not logged
 * (log-options redacts pin, soPin, newPin), not in audit details, not in any answer. A PIN change
 * logs the token out (the counter types the new PIN next).
 */
const tokenAdminPlugin: ServicePlugin = (context) => async (app) => {
  app.post(
    '/api/tokens/slots/:slotId/init',
    { schema: { tags, params: SlotParams, body: InitTokenBody, response: { 201: InitResult } }, config: ADMIN },
    async (request, reply) => {
      const principal = principalOf(request);
      const { label, soPin, pin } = request.body;
      const organisationId = request.body.organisationId ?? principal.organisationId;
      const done = await audited(
        context,
        principal,
        { action: 'token.init', target: `slot:${request.params.slotId}`, organisationId, details: { tokenLabel: label } },
        async () => {
          requireWithin(context.scope, principal, organisationId);
          const made = await initFreeSlot(context.pkcs11, request.params.slotId, label, soPin, pin);
          context.directory.tokens.bind(made.serial, organisationId, principal.operatorId);
          return { ...made, organisationId };
        },
        (r) => ({ tokenSerial: r.serial }),
      );
      return reply.code(201).send(done);
    },
  );

  app.post(
    '/api/tokens/:serial/claim',
    { schema: { tags, params: SerialParams, body: ClaimBody, response: { 200: ClaimResult } }, config: ADMIN },
    async (request) => {
      const principal = principalOf(request);
      const organisationId = request.body.organisationId ?? principal.organisationId;
      return audited(context, principal, { action: 'token.claim', target: request.params.serial, organisationId }, async () => {
        const token = context.pkcs11.token({ serial: request.params.serial });
        // a bound token moves only by an admin above its present organisation
        if (context.directory.tokens.get(token.serial)) requireTokenWithin(context, principal, token.serial);
        requireWithin(context.scope, principal, organisationId);
        // and never to an organisation some of its seals are outside of (the CA's, another department's)
        for (const seal of context.seals.list({ tokenSerial: token.serial })) {
          const sealOrganisation = context.scope.organisationOfUscc(seal.organisation.uscc);
          if (sealOrganisation === undefined || !context.scope.within(organisationId, sealOrganisation)) throw forbidden(principal, sealOrganisation ?? organisationId);
        }
        context.directory.tokens.bind(token.serial, organisationId, principal.operatorId);
        return { serial: token.serial, label: token.label, organisationId };
      });
    },
  );

  for (const [verb, action, userPin] of [
    ['init-pin', 'token.init-pin', 'set'],
    ['unblock', 'token.unblock', 'unblocked'],
  ] as const) {
    app.post(
      `/api/tokens/:serial/${verb}`,
      { schema: { tags, params: SerialParams, body: SoPinBody, response: { 200: PinResult } }, config: ADMIN },
      async (request) => {
        const principal = principalOf(request);
        const { serial } = request.params;
        return audited(context, principal, { action, target: serial }, async () => {
          const token = context.pkcs11.token({ serial });
          requireTokenWithin(context, principal, token.serial);
          await counterPins(context).logout(token);
          await token.initUserPin(request.body.soPin, request.body.newPin);
          // a new PIN: every operator's wrong PINs for the old one are forgiven
          context.directory.pinTries.clearToken(token.serial);
          return { serial: token.serial, label: token.label, userPin };
        });
      },
    );
  }

  app.post(
    '/api/tokens/:serial/change-pin',
    { schema: { tags, params: SerialParams, body: ChangePinBody, response: { 200: PinResult } }, config: ADMIN },
    async (request) => {
      const principal = principalOf(request);
      const { serial } = request.params;
      return audited(context, principal, { action: 'token.change-pin', target: serial }, async () => {
        const token = context.pkcs11.token({ serial });
        requireTokenWithin(context, principal, token.serial);
        // the old PIN is checked first like any other (the operator's share of the tries; an open token stays open if it is wrong)
        await unlockToken(context, principal, token, request.body.pin);
        await counterPins(context).logout(token);
        await token.changePin(request.body.pin, request.body.newPin);
        return { serial: token.serial, label: token.label, userPin: 'changed' as const };
      });
    },
  );

  app.post(
    '/api/tokens/:serial/keys',
    { schema: { tags, params: SerialParams, body: KeygenBody, response: { 201: KeyView } }, config: ADMIN },
    async (request, reply) => {
      const principal = principalOf(request);
      const { serial } = request.params;
      const { type, label, pin } = request.body;
      const key = await audited(context, principal, { action: 'token.keygen', target: serial, details: { keyType: type, keyLabel: label } }, async () => {
        const token = context.pkcs11.token({ serial });
        requireTokenWithin(context, principal, token.serial);
        await unlockToken(context, principal, token, pin);
        return token.generateKey(type, label);
      }, (k) => ({ keyId: k.id }));
      const { label: l, id, type: t, bits, hasPrivateKey, hasPublicKey, hasCertificate } = key;
      return reply.code(201).send({ label: l, id, type: t, bits, hasPrivateKey, hasPublicKey, hasCertificate });
    },
  );

  app.get(
    '/api/tokens/:serial/keys',
    { schema: { tags, params: SerialParams, response: { 200: KeyList } }, config: { access: ['admin', 'auditor'] } },
    async (request) => {
      const token = context.pkcs11.token({ serial: request.params.serial });
      requireTokenWithin(context, principalOf(request), token.serial);
      return tokenKeys(token);
    },
  );
};
export default tokenAdminPlugin;
