import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { SectionHead } from './section-head.js';
import { TemplateAddForm } from './template-add-form.js';
import { TemplateProblems } from './template-problems.js';
import { TemplateTable } from './template-table.js';

/** The certificate templates the kiosks offer, by title in the chosen language; add from JSON, remove an administrator's. */
export function TemplatesSection() {
  const { t } = useLocale();
  const list = useApi(() => adminApi.templates());
  return (
    <section class="admin-section" aria-labelledby="templates-title" data-testid="templates-section">
      <SectionHead id="templates-title" title={t.admin.templates.title} onRefresh={list.reload} />
      {list.error !== undefined ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data === undefined && list.error === undefined ? <p class="muted">{t.loading}</p> : null}
      {list.data ? <TemplateTable templates={list.data.templates} onRemoved={list.reload} /> : null}
      {list.data?.problems?.length ? <TemplateProblems problems={list.data.problems} /> : null}
      <TemplateAddForm onAdded={list.reload} />
    </section>
  );
}
