import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitOutput, removeTemp, tempPathFor } from '../pdf/atomic-output.js';
import type { StoredTemplate, TemplateDirs } from './list-templates.js';
import { adminTemplatesDir, BUILT_IN_TEMPLATES_DIR, templateFileName } from './template-files.js';
import { parseTemplate, validateTemplate } from './validate-template.js';

export interface AddedTemplate extends StoredTemplate {
  /** An administrator's template of this id was there before and is replaced. */
  replaced: boolean;
}

/**
 * The administrator's action: validates the descriptor (JSON text or parsed), then writes it to
 * $SEALDESK_HOME/templates/<id>.json through a temp file, fsync and rename, so a kiosk listing
 * templates meanwhile sees the old file or the new one, never half of one.
 */
export async function addTemplate(home: string, descriptor: string | unknown, dirs: TemplateDirs = {}): Promise<AddedTemplate> {
  const template = typeof descriptor === 'string' ? parseTemplate(descriptor) : validateTemplate(descriptor);
  const dir = adminTemplatesDir(home);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, templateFileName(template.id));
  const replaced = existsSync(path);
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, `${JSON.stringify(template, null, 2)}\n`, { mode: 0o600 });
    await commitOutput(temp, path);
  } catch (error) {
    await removeTemp(temp);
    throw error;
  }
  const overridesBuiltIn = existsSync(join(dirs.builtInDir ?? BUILT_IN_TEMPLATES_DIR, templateFileName(template.id)));
  return { template, source: 'admin', path, overridesBuiltIn, replaced };
}
