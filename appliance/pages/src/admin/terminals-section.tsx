import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { SectionHead } from './section-head.js';
import { TerminalTable } from './terminal-table.js';
import { usePolling } from './use-polling.js';

/** The hall's terminals and their seal grants as this appliance followed them from the chain, refreshed every 5 s (a grant decided at the desk shows once final). */
export function TerminalsSection() {
  const { t } = useLocale();
  const a = t.admin.terminals;
  const list = useApi(() => adminApi.terminals());
  usePolling(list.reload, 5000);
  return (
    <section class="admin-section" aria-labelledby="terminals-title" data-testid="terminals-section">
      <SectionHead id="terminals-title" title={a.title} onRefresh={list.reload} />
      <p class="muted small">{a.hint}</p>
      {list.error !== undefined ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data === undefined && list.error === undefined ? <p class="muted">{t.loading}</p> : null}
      {list.data ? <TerminalTable terminals={list.data.terminals} /> : null}
    </section>
  );
}
