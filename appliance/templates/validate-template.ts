import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { schemaProblem, type Problem } from './schema-problem.js';
import { templateRuleProblem } from './template-rules.js';
import { TemplateSchema, type CertificateTemplate } from './template-schema.js';

function nameOf(value: unknown, source: string | undefined): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : (source ?? '(new template)');
}

export function templateInvalid(template: string, problem: Problem): SealdeskError {
  const zh: Record<string, string> = problem.reasonZh === undefined ? {} : { reasonZh: problem.reasonZh };
  return new SealdeskError('TEMPLATE_INVALID', { template, path: problem.path || '/', reason: problem.reason, ...zh });
}

/**
 * A descriptor checked against the schema, then against the rules the schema cannot express.
 * TEMPLATE_INVALID names the template, the JSON pointer of what is wrong and why.
 */
export function validateTemplate(value: unknown, source?: string): CertificateTemplate {
  const problem = schemaProblem(TemplateSchema, value) ?? templateRuleProblem(value as CertificateTemplate);
  if (problem) throw templateInvalid(nameOf(value, source), problem);
  return value as CertificateTemplate;
}

/** The same from JSON text (a file, or what an administrator uploads). */
export function parseTemplate(json: string, source?: string): CertificateTemplate {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw templateInvalid(source ?? '(new template)', { path: '/', reason: `not JSON (${(error as Error).message})`, reasonZh: `不是有效的 JSON（${(error as Error).message}）` });
  }
  return validateTemplate(value, source);
}
