import { adminApi, type AdminTemplateView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';

/** The templates by title; an administrator's own can be removed (a built-in one it replaced comes back). */
export function TemplateTable({ templates, onRemoved }: { templates: AdminTemplateView[]; onRemoved(): void }) {
  const { t, locale } = useLocale();
  const m = t.admin.templates;
  const remove = useAction((id: string) => adminApi.removeTemplate(id), onRemoved);
  const title = (tpl: AdminTemplateView) => (locale === 'en' ? tpl.title.en : tpl.title.zh);
  return (
    <div>
      {templates.length === 0 ? (
        <p class="muted">{m.empty}</p>
      ) : (
        <div class="table-scroll">
          <table class="table" aria-labelledby="templates-title">
            <thead>
              <tr>
                <th scope="col">{t.admin.name}</th>
                <th scope="col">{m.id}</th>
                <th scope="col">{m.version}</th>
                <th scope="col">{m.source}</th>
                <th scope="col">{t.admin.seals.actions}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tpl) => (
                <tr key={tpl.id} data-testid="template-row" data-template={tpl.id}>
                  <td>
                    {title(tpl)}
                    {tpl.description ? <div class="muted small">{locale === 'en' ? tpl.description.en : tpl.description.zh}</div> : null}
                  </td>
                  <td>
                    <code>{tpl.id}</code>
                  </td>
                  <td>{tpl.version}</td>
                  <td>
                    {m.sources[tpl.source] ?? tpl.source}
                    {tpl.overridesBuiltIn ? m.overrides : ''}
                  </td>
                  <td>
                    {tpl.source === 'admin' ? (
                      <button type="button" class="small" disabled={remove.busy} onClick={() => void remove.run(tpl.id)}>
                        {m.remove}
                        <span class="visually-hidden"> {title(tpl)}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.error !== undefined ? <ErrorBox error={remove.error} /> : null}
      {remove.result ? <Notice testId="template-removed">{m.removed(remove.result.id)}</Notice> : null}
    </div>
  );
}
