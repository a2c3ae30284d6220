import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { StoredTemplate, TemplateDirs } from './list-templates.js';
import { adminTemplatesDir, BUILT_IN_TEMPLATES_DIR, readTemplateFile, TEMPLATE_ID, templateFileName } from './template-files.js';

/**
 * One template by id: the administrator's file if there is one, else the built-in. An invalid
 * administrator's file is TEMPLATE_INVALID, not a silent fall-back to the built-in it replaces.
 * The id is checked before it becomes a path, so "../x" cannot leave the template folders.
 */
export async function loadTemplate(home: string, id: string, dirs: TemplateDirs = {}): Promise<StoredTemplate> {
  if (!TEMPLATE_ID.test(id)) throw new SealdeskError('TEMPLATE_NOT_FOUND', { template: id });
  const adminPath = join(adminTemplatesDir(home), templateFileName(id));
  const builtInPath = join(dirs.builtInDir ?? BUILT_IN_TEMPLATES_DIR, templateFileName(id));
  const hasBuiltIn = existsSync(builtInPath);
  if (existsSync(adminPath)) return { template: await readTemplateFile(adminPath), source: 'admin', path: adminPath, overridesBuiltIn: hasBuiltIn };
  if (hasBuiltIn) return { template: await readTemplateFile(builtInPath), source: 'built-in', path: builtInPath, overridesBuiltIn: false };
  throw new SealdeskError('TEMPLATE_NOT_FOUND', { template: id });
}
