import { isSealdeskError, type SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { adminTemplatesDir, BUILT_IN_TEMPLATES_DIR, readTemplateFile, templateFilesIn } from './template-files.js';
import type { CertificateTemplate } from './template-schema.js';

export type TemplateSource = 'built-in' | 'admin';

export interface StoredTemplate {
  template: CertificateTemplate;
  source: TemplateSource;
  path: string;
  /** An administrator's file that replaces the built-in template of the same id. */
  overridesBuiltIn: boolean;
}

export interface TemplateList {
  /** Sorted by id. */
  templates: StoredTemplate[];
  /** Files that could not be used (TEMPLATE_INVALID): shown to the administrator, never to a kiosk. */
  problems: { path: string; error: SealdeskError }[];
}

export interface TemplateDirs {
  /** Default the repository's templates/ (tests may point elsewhere). */
  builtInDir?: string;
}

/**
 * The built-in templates and the administrator's, the latter replacing a built-in by id. An
 * invalid file does not hide the others: a kiosk keeps offering what is valid while the
 * administrator sees the problem.
 */
export async function listTemplates(home: string, dirs: TemplateDirs = {}): Promise<TemplateList> {
  const byId = new Map<string, StoredTemplate>();
  const problems: TemplateList['problems'] = [];
  const sources: [TemplateSource, string][] = [
    ['built-in', dirs.builtInDir ?? BUILT_IN_TEMPLATES_DIR],
    ['admin', adminTemplatesDir(home)],
  ];
  for (const [source, dir] of sources) {
    for (const path of await templateFilesIn(dir)) {
      try {
        const template = await readTemplateFile(path);
        byId.set(template.id, { template, source, path, overridesBuiltIn: source === 'admin' && byId.get(template.id)?.source === 'built-in' });
      } catch (error) {
        if (!isSealdeskError(error)) throw error;
        problems.push({ path, error });
      }
    }
  }
  return { templates: [...byId.values()].sort((a, b) => (a.template.id < b.template.id ? -1 : 1)), problems };
}
