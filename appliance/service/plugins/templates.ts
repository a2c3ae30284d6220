import { basename } from 'node:path';
import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { addTemplate, listTemplates, removeTemplate } from '../../templates/index.js';
import { TEMPLATE_ID, templateFileName } from '../../templates/template-files.js';
import type { Role } from '../../directory/principal.js';
import { principalOf } from '../access/route-access.js';
import { audited } from '../seals/audit-action.js';
import type { ServicePlugin } from '../service-plugin.js';
import { problemView, TemplateProblem, TemplateView, templateView } from '../templates/template-view.js';

const IdParams = Type.Object({ id: Type.String({ pattern: TEMPLATE_ID.source }) });
const TemplateList = Type.Object({
  templates: Type.Array(TemplateView),
  problems: Type.Optional(Type.Array(TemplateProblem, { description: 'Files that could not be used: administrators and auditors only.' })),
});
// loose on purpose: the template library checks the descriptor and names the JSON pointer of what is wrong
const Descriptor = Type.Object({}, { additionalProperties: true, description: 'A certificate template descriptor, as the JSON files in templates/.' });
const Added = Type.Composite([TemplateView, Type.Object({ replaced: Type.Boolean() })]);
const Removed = Type.Object({ id: Type.String(), builtInRestored: Type.Boolean() });

/** Who is shown broken template files: those who fix or check the terminal, never a kiosk or a clerk. */
const SEES_PROBLEMS: ReadonlySet<Role> = new Set(['admin', 'auditor']);

const idOf = (body: Record<string, unknown>): string | undefined => (typeof body.id === 'string' && TEMPLATE_ID.test(body.id) ? body.id : undefined);

/**
 * /api/templates: the certificate templates a kiosk offers (built-in ones and the administrator's,
 * which replace a built-in of the same id), and the administrator's add and remove, audited. The
 * list and one template read the same scan, so a kiosk never gets a template the list left out.
 */
const templatesPlugin: ServicePlugin = (context) => async (app) => {
  app.get(
    '/api/templates',
    { schema: { tags: ['templates'], response: { 200: TemplateList } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => {
      const list = await listTemplates(context.home);
      const problems = SEES_PROBLEMS.has(principalOf(request).role) ? { problems: list.problems.map(problemView) } : {};
      return { templates: list.templates.map(templateView), ...problems };
    },
  );

  app.get(
    '/api/templates/:id',
    { schema: { tags: ['templates'], params: IdParams, response: { 200: TemplateView } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => {
      const { id } = request.params;
      const list = await listTemplates(context.home);
      const found = list.templates.find((stored) => stored.template.id === id);
      if (found) return templateView(found);
      // an administrator asking for a broken file learns why it is not offered
      const broken = SEES_PROBLEMS.has(principalOf(request).role) ? list.problems.find((p) => basename(p.path) === templateFileName(id)) : undefined;
      throw broken?.error ?? new SealdeskError('TEMPLATE_NOT_FOUND', { template: id });
    },
  );

  app.post(
    '/api/templates',
    { schema: { tags: ['templates'], body: Descriptor, response: { 200: Added, 201: Added } }, config: { access: ['admin'] } },
    async (request, reply) => {
      const target = idOf(request.body);
      const added = await audited(
        context,
        principalOf(request),
        { action: 'template.add', ...(target ? { target } : {}) },
        () => addTemplate(context.home, request.body),
        (r) => ({ replaced: r.replaced, overridesBuiltIn: r.overridesBuiltIn }),
      );
      return reply.status(added.replaced ? 200 : 201).send({ ...templateView(added), replaced: added.replaced });
    },
  );

  app.delete(
    '/api/templates/:id',
    { schema: { tags: ['templates'], params: IdParams, response: { 200: Removed } }, config: { access: ['admin'] } },
    async (request) => {
      const { id } = request.params;
      return audited(context, principalOf(request), { action: 'template.remove', target: id }, () => removeTemplate(context.home, id), (r) => ({ builtInRestored: r.builtInRestored }));
    },
  );
};
export default templatesPlugin;
