import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Operator } from '../../directory/operator.js';
import type { Principal } from '../../directory/principal.js';
import { requireWithin } from '../access/require-within.js';
import { principalOf } from '../access/route-access.js';
import { auditFailures, recordOk } from '../directory/directory-audit.js';
import { Id, OperatorView, operatorView, RoleName } from '../directory/directory-views.js';
import type { ServicePlugin } from '../service-plugin.js';

const IdParams = Type.Object({ id: Id });
const ListQuery = Type.Object({ organisationId: Type.Optional(Id) }, { additionalProperties: false });
const Password = Type.String({ minLength: 1, maxLength: 256, description: 'at least 10 characters, not containing the username' });
const CreateBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    role: RoleName,
    organisationId: Id,
    password: Type.Optional(Type.String({ ...Password, description: 'for people; a kiosk gets a terminal credential instead' })),
  },
  { additionalProperties: false },
);
const Created = Type.Object({
  operator: OperatorView,
  terminalCredential: Type.Optional(Type.String({ description: 'a kiosk’s, shown this once: configure it on the kiosk now' })),
});
const RoleBody = Type.Object({ role: RoleName }, { additionalProperties: false });
const DisabledBody = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });
const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
const Credential = Type.Object({ terminalCredential: Type.String({ description: 'shown this once; the old one no longer works' }) });

/** Administrators manage others, not themselves: nobody locks themselves out or lifts their own role. */
function notSelf(principal: Principal, operatorId: string): void {
  if (principal.operatorId === operatorId) throw new SealdeskError('OPERATOR_SELF_CHANGE');
}

/**
 * /api/operators: the people and kiosks of the administrator's subtree. Create (a kiosk's
 * terminal credential is in the answer, once), change role, disable / enable, reset a password,
 * issue a kiosk a new credential. Each is appended to the audit log, refusals too.
 */
const operatorsPlugin: ServicePlugin = (context) => async (app) => {
  const { directory, scope } = context;

  /** The operator, or FORBIDDEN when unknown or outside the caller's subtree (the same answer, so ids outside reveal nothing). */
  const operatorInScope = (request: FastifyRequest, id: string): Operator => {
    const found = directory.operators.find(id);
    requireWithin(scope, principalOf(request), found?.organisationId);
    return found!;
  };

  app.get(
    '/api/operators',
    { schema: { tags: ['operators'], querystring: ListQuery, response: { 200: Type.Array(OperatorView) } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const organisationId = request.query.organisationId ?? principal.organisationId;
      requireWithin(scope, principal, directory.organisations.find(organisationId)?.id);
      return directory.operators.list(organisationId).map(operatorView);
    },
  );

  app.get(
    '/api/operators/:id',
    { schema: { tags: ['operators'], params: IdParams, response: { 200: OperatorView } }, config: { access: ['admin'] } },
    async (request) => operatorView(operatorInScope(request, request.params.id)),
  );

  app.post(
    '/api/operators',
    { schema: { tags: ['operators'], body: CreateBody, response: { 201: Created } }, config: { access: ['admin'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const entry = { action: 'operator.create', organisationId: body.organisationId, details: { role: body.role } } as const;
      const created = await auditFailures(context, principal, entry, async () => {
        requireWithin(scope, principal, directory.organisations.find(body.organisationId)?.id);
        return directory.operators.create(body, new Date(), (operator) => recordOk(context, principal, { ...entry, target: operator.id }));
      });
      return reply.status(201).send({
        operator: operatorView(created.operator),
        ...(created.terminalCredential ? { terminalCredential: created.terminalCredential } : {}),
      });
    },
  );

  app.put(
    '/api/operators/:id/role',
    { schema: { tags: ['operators'], params: IdParams, body: RoleBody, response: { 200: OperatorView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      const entry = { action: 'operator.role-change', target: id, details: { role: request.body.role } } as const;
      return operatorView(
        await auditFailures(context, principal, entry, () => {
          const before = operatorInScope(request, id);
          notSelf(principal, id);
          return directory.db.transaction(() => {
            const after = directory.operators.changeRole(id, request.body.role);
            recordOk(context, principal, { ...entry, organisationId: after.organisationId }, { previousRole: before.role });
            return after;
          })();
        }),
      );
    },
  );

  app.put(
    '/api/operators/:id/disabled',
    { schema: { tags: ['operators'], params: IdParams, body: DisabledBody, response: { 200: OperatorView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      const entry = { action: 'operator.disable', target: id, details: { disabled: request.body.disabled } } as const;
      return operatorView(
        await auditFailures(context, principal, entry, () => {
          const operator = operatorInScope(request, id);
          notSelf(principal, id);
          return directory.db.transaction(() => {
            const after = directory.operators.setDisabled(id, request.body.disabled);
            recordOk(context, principal, { ...entry, organisationId: operator.organisationId });
            return after;
          })();
        }),
      );
    },
  );

  app.put(
    '/api/operators/:id/password',
    { schema: { tags: ['operators'], params: IdParams, body: PasswordBody, response: { 200: OperatorView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      const entry = { action: 'operator.password-change', target: id, details: { kind: 'password' } } as const;
      return operatorView(
        await auditFailures(context, principal, entry, async () => {
          const operator = operatorInScope(request, id);
          notSelf(principal, id);
          return directory.operators.resetPassword(id, request.body.password, new Date(), () =>
            recordOk(context, principal, { ...entry, organisationId: operator.organisationId }),
          );
        }),
      );
    },
  );

  app.post(
    '/api/operators/:id/credential',
    { schema: { tags: ['operators'], params: IdParams, response: { 201: Credential } }, config: { access: ['admin'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const { id } = request.params;
      const entry = { action: 'operator.password-change', target: id, details: { kind: 'terminal-credential' } } as const;
      const terminalCredential = await auditFailures(context, principal, entry, () => {
        const operator = operatorInScope(request, id);
        return directory.db.transaction(() => {
          const credential = directory.operators.reissueTerminalCredential(id);
          recordOk(context, principal, { ...entry, organisationId: operator.organisationId });
          return credential;
        })();
      });
      return reply.status(201).send({ terminalCredential });
    },
  );
};
export default operatorsPlugin;
