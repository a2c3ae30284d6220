import { Type, type Static } from '@sinclair/typebox';
import type { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { StoredTemplate } from '../../templates/index.js';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

const FieldView = Type.Object({
  name: Type.String({ description: 'The {placeholder} name, and the key of the value the kiosk sends.' }),
  label: Bilingual,
  kind: Type.Union([Type.Literal('text'), Type.Literal('date'), Type.Literal('uscc'), Type.Literal('choice')]),
  filledBy: Type.Union([Type.Literal('citizen'), Type.Literal('clerk')]),
  required: Type.Boolean(),
  maxLength: Type.Optional(Type.Integer()),
  options: Type.Optional(Type.Array(Type.String())),
  default: Type.Optional(Type.String()),
});

/** What a kiosk needs to offer a template and ask for its fields; the layout stays on the terminal. */
export const TemplateView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: Bilingual,
  description: Type.Union([Bilingual, Type.Null()]),
  seal: Type.Union([Type.Object({ type: Type.String() }), Type.Object({ id: Type.String() })], { description: 'The seal the document is stamped with: a type of seal, or one seal.' }),
  holder: Type.Object({ fields: Type.Array(Type.String(), { description: 'What the ID card fills in.' }), idNumber: Type.Union([Type.Literal('full'), Type.Literal('masked')]) }),
  fields: Type.Array(FieldView),
  /** The issued file: pdf, or ofd (an OFD e-licence, stamped with a GB/T 38540 e-seal; printed as its PDF rendering). */
  format: Type.Union([Type.Literal('pdf'), Type.Literal('ofd')]),
  source: Type.Union([Type.Literal('built-in'), Type.Literal('admin')]),
  overridesBuiltIn: Type.Boolean(),
});
export type TemplateView = Static<typeof TemplateView>;

/** A template file that could not be used, for the administrator (and auditor) to fix. */
export const TemplateProblem = Type.Object({
  path: Type.String(),
  code: Type.String(),
  message_zh: Type.String(),
  message_en: Type.String(),
  details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
});

export function templateView(stored: StoredTemplate): TemplateView {
  const { template } = stored;
  return {
    id: template.id,
    version: template.version,
    title: template.title,
    description: template.description ?? null,
    seal: template.seal,
    holder: { fields: template.holder.fields, idNumber: template.holder.idNumber ?? 'masked' },
    fields: template.fields.map((field) => ({ ...field, required: field.required ?? true })),
    format: template.format ?? 'pdf',
    source: stored.source,
    overridesBuiltIn: stored.overridesBuiltIn,
  };
}

export function problemView(problem: { path: string; error: SealdeskError }): Static<typeof TemplateProblem> {
  return { path: problem.path, ...problem.error.toJSON() };
}
