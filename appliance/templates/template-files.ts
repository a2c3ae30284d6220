import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateInvalid, parseTemplate } from './validate-template.js';
import type { CertificateTemplate } from './template-schema.js';

/** The templates shipped with sealdesk (repo root `templates/`), read in place: nothing is copied into SEALDESK_HOME. */
export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Where an administrator's templates live; one here overrides a built-in of the same id. */
export function adminTemplatesDir(home: string): string {
  return join(home, 'templates');
}

export const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function templateFileName(id: string): string {
  return `${id}.json`;
}

/** A descriptor file, validated; its id must be its file name, so `loadTemplate(id)` finds it without a scan. */
export async function readTemplateFile(path: string): Promise<CertificateTemplate> {
  const file = basename(path);
  const template = parseTemplate(await readFile(path, 'utf8'), file);
  if (templateFileName(template.id) !== file) throw templateInvalid(template.id, { path: '/id', reason: `differs from the file name ${file}`, reasonZh: `与文件名 ${file} 不一致` });
  return template;
}

/** The *.json files of a directory, sorted; none when the directory does not exist. */
export async function templateFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json')).sort().map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
