import { Type } from '@sinclair/typebox';
import { requireWithin } from '../access/require-within.js';
import { principalOf } from '../access/route-access.js';
import { auditFailures, recordOk } from '../directory/directory-audit.js';
import { Id, LevelName, OrganisationView, organisationView } from '../directory/directory-views.js';
import { publishToHall } from '../directory/publish-organisations.js';
import type { ServicePlugin } from '../service-plugin.js';

const IdParams = Type.Object({ id: Id });
const Name = Type.String({ minLength: 1, maxLength: 100, description: '机构全称, as on the seal' });
const NameEn = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);
const CreateBody = Type.Object(
  {
    name: Name,
    nameEn: Type.Optional(NameEn),
    level: LevelName,
    uscc: Type.Optional(Type.Union([Type.String({ minLength: 18, maxLength: 18 }), Type.Null()], { description: '统一社会信用代码' })),
    parentId: Type.String({ description: 'within your own organisation; its level is above the new one' }),
  },
  { additionalProperties: false },
);
const RenameBody = Type.Object({ name: Name, nameEn: Type.Optional(NameEn) }, { additionalProperties: false });

/**
 * /api/organisations: the organisation tree within the caller's subtree (parents before
 * children), and an administrator's create and rename. A new organisation goes below one the
 * administrator already holds, so nobody grows their own reach sideways or upwards.
 */
const organisationsPlugin: ServicePlugin = (context) => async (app) => {
  const { directory, scope } = context;

  app.get(
    '/api/organisations',
    { schema: { tags: ['organisations'], response: { 200: Type.Array(OrganisationView) } }, config: { access: ['admin', 'auditor'] } },
    async (request) => directory.organisations.subtree(principalOf(request).organisationId).map(organisationView),
  );

  app.get(
    '/api/organisations/:id',
    { schema: { tags: ['organisations'], params: IdParams, response: { 200: OrganisationView } }, config: { access: ['admin', 'auditor'] } },
    async (request) => {
      const found = directory.organisations.find(request.params.id);
      requireWithin(scope, principalOf(request), found?.id);
      return organisationView(found!);
    },
  );

  app.post(
    '/api/organisations',
    { schema: { tags: ['organisations'], body: CreateBody, response: { 201: OrganisationView } }, config: { access: ['admin'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const entry = { action: 'organisation.create', organisationId: body.parentId, details: { level: body.level } } as const;
      const created = await auditFailures(context, principal, entry, () => {
        requireWithin(scope, principal, directory.organisations.find(body.parentId)?.id);
        return directory.db.transaction(() => {
          const organisation = directory.organisations.create({ ...body, parentId: body.parentId });
          recordOk(context, principal, { ...entry, target: organisation.id });
          return organisation;
        })();
      });
      await publishToHall(context, principal, created); // a desk with a chain: every terminal follows the tree
      return reply.status(201).send(organisationView(created));
    },
  );

  // audited with the names before and after: seals and documents carry the name, so a rename is worth an auditor's look
  app.patch(
    '/api/organisations/:id',
    { schema: { tags: ['organisations'], params: IdParams, body: RenameBody, response: { 200: OrganisationView } }, config: { access: ['admin'] } },
    async (request) => {
      const principal = principalOf(request);
      const found = directory.organisations.find(request.params.id);
      const entry = { action: 'organisation.rename', target: request.params.id, ...(found ? { organisationId: found.id } : {}) } as const;
      const renamed = await auditFailures(context, principal, entry, () => {
        requireWithin(scope, principal, found?.id);
        return directory.db.transaction(() => {
          const after = directory.organisations.rename(found!.id, request.body);
          recordOk(context, principal, entry, { nameBefore: found!.name, nameAfter: after.name, nameEnBefore: found!.nameEn ?? null, nameEnAfter: after.nameEn ?? null });
          return after;
        })();
      });
      await publishToHall(context, principal, renamed);
      return organisationView(renamed);
    },
  );
};
export default organisationsPlugin;
