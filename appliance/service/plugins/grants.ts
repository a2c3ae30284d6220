import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { requireWithin } from '../access/require-within.js';
import { principalOf } from '../access/route-access.js';
import { auditFailures, recordOk } from '../directory/directory-audit.js';
import { GrantView, grantView, Id } from '../directory/directory-views.js';
import type { ServicePlugin } from '../service-plugin.js';

const SealParams = Type.Object({ id: Id });
const GrantParams = Type.Object({ id: Id, operatorId: Id });
const OperatorParams = Type.Object({ id: Id });

/**
 * The seal ACL: /api/seals/:id/grants (who may stamp with a seal) and /api/operators/:id/grants
 * (which seals an operator may use). Administrators of the seal's organisation subtree manage it,
 * for operators of their own subtree. Granting needs the seal usable (not revoked); withdrawing
 * works always. Administrators need a grant to stamp as well (see SealGrants).
 */
const grantsPlugin: ServicePlugin = (context) => async (app) => {
  const { directory, scope } = context;

  /** The seal's organisation, or FORBIDDEN when it is outside the caller's subtree. */
  const sealInScope = (request: FastifyRequest, sealId: string) => {
    const seal = context.seals.get(sealId);
    const organisationId = scope.organisationOfUscc(seal.organisation.uscc);
    requireWithin(scope, principalOf(request), organisationId);
    return { seal, organisationId: organisationId! };
  };
  const operatorInScope = (request: FastifyRequest, operatorId: string) => {
    const operator = directory.operators.find(operatorId);
    requireWithin(scope, principalOf(request), operator?.organisationId);
    return operator!;
  };

  app.get(
    '/api/seals/:id/grants',
    { schema: { tags: ['grants'], params: SealParams, response: { 200: Type.Array(GrantView) } }, config: { access: ['admin'] } },
    async (request) => {
      const { seal } = sealInScope(request, request.params.id);
      return directory.grants.ofSeal(seal.id).map((g) => grantView(g.sealId, g.operatorId, g));
    },
  );

  app.get(
    '/api/operators/:id/grants',
    { schema: { tags: ['grants'], params: OperatorParams, response: { 200: Type.Array(GrantView) } }, config: { access: ['admin'] } },
    async (request) => {
      const operator = operatorInScope(request, request.params.id);
      return directory.grants.ofOperator(operator.id).map((g) => grantView(g.sealId, g.operatorId, g));
    },
  );

  app.get(
    '/api/seals/:id/grants/:operatorId',
    { schema: { tags: ['grants'], params: GrantParams, response: { 200: GrantView } }, config: { access: ['admin'] } },
    async (request) => {
      const { seal } = sealInScope(request, request.params.id);
      const operator = operatorInScope(request, request.params.operatorId);
      return grantView(seal.id, operator.id, directory.grants.get(seal.id, operator.id));
    },
  );

  app.put(
    '/api/seals/:id/grants/:operatorId',
    { schema: { tags: ['grants'], params: GrantParams, response: { 200: GrantView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const { id, operatorId } = request.params;
      const entry = { action: 'grant.add', target: id, details: { operatorId } } as const;
      const grant = await auditFailures(context, principal, entry, () => {
        const { seal, organisationId } = sealInScope(request, id);
        operatorInScope(request, operatorId);
        if (seal.status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: seal.id });
        return directory.db.transaction(() => {
          const added = directory.grants.grant(seal.id, organisationId, operatorId, principal.operatorId);
          recordOk(context, principal, { ...entry, organisationId });
          return added;
        })();
      });
      return grantView(id, operatorId, grant);
    },
  );

  app.delete(
    '/api/seals/:id/grants/:operatorId',
    { schema: { tags: ['grants'], params: GrantParams, response: { 200: GrantView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const { id, operatorId } = request.params;
      const entry = { action: 'grant.remove', target: id, details: { operatorId } } as const;
      await auditFailures(context, principal, entry, () => {
        const { organisationId } = sealInScope(request, id);
        operatorInScope(request, operatorId);
        directory.db.transaction(() => {
          const removed = directory.grants.revoke(id, operatorId);
          recordOk(context, principal, { ...entry, organisationId }, { removed });
        })();
      });
      return grantView(id, operatorId, undefined);
    },
  );
};
export default grantsPlugin;
