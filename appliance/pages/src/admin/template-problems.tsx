import type { TemplateProblem } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

/** Template files the terminal could not use: the file and what is wrong, in the chosen language. */
export function TemplateProblems({ problems }: { problems: TemplateProblem[] }) {
  const { t, locale } = useLocale();
  return (
    <div role="region" aria-labelledby="template-problems-title" data-testid="template-problems">
      <h3 id="template-problems-title">{t.admin.templates.problems}</h3>
      <ul class="problems">
        {problems.map((p) => (
          <li key={p.path}>
            <code>{p.path.split('/').pop()}</code>: {locale === 'en' ? p.message_en : p.message_zh} <span class="small">({p.code})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
