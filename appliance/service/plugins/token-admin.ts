import { principalOf } from '../access/route-access.js';
import { audited } from '../seals/audit-action.js';
import type { ServicePlugin } from '../service-plugin.js';
import { initFreeSlot } from '../tokens/init-free-slot.js';
import { ChangePinBody, InitResult, InitTokenBody, KeygenBody, KeyList, KeyView, PinResult, SerialParams, SlotParams, SoPinBody } from '../tokens/token-admin-schemas.js';
import { tokenKeys } from '../tokens/token-keys.js';
import { counterPins, unlockToken } from '../tokens/unlock-token.js';

const ADMIN: { access: ['admin'] } = { access: ['admin'] };
const tags = ['tokens'];

/**
 * Token administration for the seal administrator, as `sealdesk token` does it: initialise a
 * free slot, set, change and unblock the user PIN, generate and list keys. PINs come in JSON
 * bodies only, go to the token and are forgotten: not logged (log-options redacts pin, soPin,
 * newPin), not in audit details, not in any answer. A PIN change logs the token out (the counter
 * types the new PIN next).
 */
const tokenAdminPlugin: ServicePlugin = (context) => async (app) => {
  app.post(
    '/api/tokens/slots/:slotId/init',
    { schema: { tags, params: SlotParams, body: InitTokenBody, response: { 201: InitResult } }, config: ADMIN },
    async (request, reply) => {
      const { label, soPin, pin } = request.body;
      const done = await audited(
        context,
        principalOf(request),
        { action: 'token.init', target: `slot:${request.params.slotId}`, details: { tokenLabel: label } },
        () => initFreeSlot(context.pkcs11, request.params.slotId, label, soPin, pin),
        (r) => ({ tokenSerial: r.serial }),
      );
      return reply.code(201).send(done);
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
        const { serial } = request.params;
        return audited(context, principalOf(request), { action, target: serial }, async () => {
          const token = context.pkcs11.token({ serial });
          await counterPins(context).logout(token);
          await token.initUserPin(request.body.soPin, request.body.newPin);
          return { serial: token.serial, label: token.label, userPin };
        });
      },
    );
  }

  app.post(
    '/api/tokens/:serial/change-pin',
    { schema: { tags, params: SerialParams, body: ChangePinBody, response: { 200: PinResult } }, config: ADMIN },
    async (request) => {
      const { serial } = request.params;
      return audited(context, principalOf(request), { action: 'token.change-pin', target: serial }, async () => {
        const token = context.pkcs11.token({ serial });
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
    async (request) => tokenKeys(context.pkcs11.token({ serial: request.params.serial })),
  );
};
export default tokenAdminPlugin;
