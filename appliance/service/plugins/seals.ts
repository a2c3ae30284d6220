import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createSeal } from '../../seals/create-seal.js';
import type { Seal } from '../../seals/seal.js';
import type { SealChange } from '../../ledger/seal-chain.js';
import { requireWithin } from '../access/require-within.js';
import { principalOf } from '../access/route-access.js';
import type { ServicePlugin } from '../service-plugin.js';
import { audited } from '../seals/audit-action.js';
import { caTokenToOpen } from '../seals/ca-token-to-open.js';
import { certificateBytes, CreateSealBody } from '../seals/create-body.js';
import { ChainOutcome, publishChange } from '../seals/seal-change.js';
import { requireSealVisible, sealVisible } from '../seals/seal-scope.js';
import { chainPems, SealDetail, SealStatusName, SealView, sealView } from '../seals/seal-view.js';
import { requireTokenWithin } from '../tokens/token-scope.js';
import { unlockToken } from '../tokens/unlock-token.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const ListQuery = Type.Object({ status: Type.Optional(SealStatusName) }, { additionalProperties: false });
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'kept in the seal history' });
const ChainPin = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'for the chain key, when a chain is configured and its token is not logged in' }));
/** Suspending and revoking say why; resuming may. */
const ChangeBody = {
  required: Type.Object({ reason: Reason, pin: ChainPin }, { additionalProperties: false }),
  optional: Type.Object({ reason: Type.Optional(Reason), pin: ChainPin }, { additionalProperties: false }),
};
const Changed = Type.Composite([SealView, Type.Object({ chain: ChainOutcome })]);

const VERBS = { suspend: 'suspended', resume: 'resumed', revoke: 'revoked' } as const satisfies Record<string, SealChange>;

/**
 * /api/seals: the seals the caller may see (their subtree; clerks and kiosks only those granted
 * to them), their images, and the administrator's create / suspend / resume / revoke, which go
 * to the chain too when one is configured, as `sealdesk seal` does. Each change is audited.
 */
const sealsPlugin: ServicePlugin = (context) => async (app) => {
  const visibleSeal = (request: FastifyRequest, id: string): { seal: Seal; organisationId: string } => {
    const seal = context.seals.get(id);
    return { seal, organisationId: requireSealVisible(context.scope, principalOf(request), seal) };
  };

  app.get(
    '/api/seals',
    { schema: { tags: ['seals'], querystring: ListQuery, response: { 200: Type.Array(SealView) } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => {
      const principal = principalOf(request);
      return context.seals
        .list(request.query.status ? { status: request.query.status } : {})
        .filter((seal) => sealVisible(context.scope, principal, seal))
        .map((seal) => sealView(seal, context.scope.organisationOfUscc(seal.organisation.uscc)));
    },
  );

  app.get(
    '/api/seals/:id',
    { schema: { tags: ['seals'], params: IdParams, response: { 200: SealDetail } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => {
      const { seal, organisationId } = visibleSeal(request, request.params.id);
      return { ...sealView(seal, organisationId), certificateChain: chainPems(seal), history: context.seals.history(seal.id) };
    },
  );

  app.get(
    '/api/seals/:id/image',
    { schema: { tags: ['seals'], params: IdParams, produces: ['image/png'] }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request, reply) => {
      const { seal } = visibleSeal(request, request.params.id);
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(context.seals.image(seal.id));
    },
  );

  app.post(
    '/api/seals',
    { schema: { tags: ['seals'], body: CreateSealBody, response: { 201: Changed } }, config: { access: ['admin'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const organisationId = context.scope.organisationOfUscc(body.organisation.uscc);
      const created = await audited(
        context,
        principal,
        { action: 'seal.create', ...(organisationId ? { organisationId } : {}), details: { sealType: body.type, tokenSerial: body.tokenSerial } },
        async () => {
          requireWithin(context.scope, principal, organisationId);
          const token = context.pkcs11.token({ serial: body.tokenSerial });
          // a seal's key is made (or picked) on a token of the admin's own subtree, never on another's
          requireTokenWithin(context, principal, token.serial);
          // the CA's own token and PIN, checked before either token is tried or a key is made
          const caToken = body.certificateChain ? undefined : caTokenToOpen(context, token, body.caPin);
          await unlockToken(context, principal, token, body.pin);
          if (caToken) await unlockToken(context, principal, caToken, body.caPin);
          const seal = await createSeal(
            context.home,
            context.pkcs11,
            context.seals,
            {
              name: body.name,
              type: body.type,
              organisation: body.organisation,
              token,
              ...(body.existingKey ? { existingKey: body.existingKey } : {}),
              ...(body.keyLabel ? { keyLabel: body.keyLabel } : {}),
              ...(body.certificateChain ? { certificateChain: body.certificateChain.map(certificateBytes) } : {}),
              ...(body.imagePng ? { imagePng: Buffer.from(body.imagePng, 'base64') } : {}),
              ...(body.shape ? { shape: body.shape } : {}),
              ...(body.holder ? { holder: body.holder } : {}),
              ...(body.code ? { code: body.code } : {}),
              ...(body.eku ? { eku: body.eku } : {}),
            },
            // the dev CA's token, opened above when it is another one; its own PIN should it have closed since
            async (ca) => void (await unlockToken(context, principal, ca, body.caPin)),
          );
          return { seal, chain: await publishChange(context, principal, 'registered', seal, body.pin) };
        },
        (r) => ({ seal: r.seal.id, chain: r.chain !== null && !('error' in r.chain) }),
      );
      return reply.status(201).send({ ...sealView(created.seal, organisationId), chain: created.chain });
    },
  );

  for (const [verb, change] of Object.entries(VERBS) as Array<[keyof typeof VERBS, SealChange]>) {
    app.post(
      `/api/seals/:id/${verb}`,
      { schema: { tags: ['seals'], params: IdParams, body: verb === 'resume' ? ChangeBody.optional : ChangeBody.required, response: { 200: Changed } }, config: { access: ['admin'] } },
      async (request) => {
        const principal = principalOf(request);
        const { seal: before, organisationId } = visibleSeal(request, request.params.id);
        const { reason, pin } = request.body;
        const result = await audited(
          context,
          principal,
          { action: `seal.${verb}`, target: before.id, organisationId },
          async () => {
            const seal = verb === 'resume' ? context.seals.resume(before.id, reason ?? null) : context.seals[verb](before.id, reason ?? '');
            return { seal, chain: await publishChange(context, principal, change, seal, pin) };
          },
          (r) => ({ status: r.seal.status, chain: r.chain !== null && !('error' in r.chain) }),
        );
        return { ...sealView(result.seal, organisationId), chain: result.chain };
      },
    );
  }
};
export default sealsPlugin;
