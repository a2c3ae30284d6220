import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { TemplateDirs } from './list-templates.js';
import { adminTemplatesDir, BUILT_IN_TEMPLATES_DIR, TEMPLATE_ID, templateFileName } from './template-files.js';

export interface RemovedTemplate {
  id: string;
  /** A built-in template of this id is offered again now that the administrator's is gone. */
  builtInRestored: boolean;
}

/**
 * The administrator's template file of this id, removed; it need not be valid (a broken file is
 * exactly what one wants gone). A built-in cannot be removed (TEMPLATE_BUILT_IN): it ships with
 * sealdesk, and replacing it with an administrator's template is the way to change it.
 */
export async function removeTemplate(home: string, id: string, dirs: TemplateDirs = {}): Promise<RemovedTemplate> {
  if (!TEMPLATE_ID.test(id)) throw new SealdeskError('TEMPLATE_NOT_FOUND', { template: id });
  const adminPath = join(adminTemplatesDir(home), templateFileName(id));
  const builtIn = existsSync(join(dirs.builtInDir ?? BUILT_IN_TEMPLATES_DIR, templateFileName(id)));
  try {
    await unlink(adminPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new SealdeskError(builtIn ? 'TEMPLATE_BUILT_IN' : 'TEMPLATE_NOT_FOUND', { template: id });
  }
  return { id, builtInRestored: builtIn };
}
