import { useState } from 'preact/hooks';
import { adminApi, api, type SealView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { SealChangePanel } from './seal-change-panel.js';
import { SealCreateForm } from './seal-create-form.js';
import { SealTable } from './seal-table.js';
import { SectionHead } from './section-head.js';

/** The seals: the list with their status, a new seal (its generated image shown), suspend / resume / revoke. */
export function SealsSection() {
  const { t } = useLocale();
  const seals = useApi(() => api.seals());
  const organisations = useApi(() => adminApi.organisations());
  const tokens = useApi(() => api.tokens());
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const list: SealView[] = seals.data ?? [];
  const chosen = list.find((seal) => seal.id === selected);
  return (
    <section class="admin-section" aria-labelledby="seals-title" data-testid="seals-section">
      <SectionHead id="seals-title" title={t.admin.seals.title} onRefresh={seals.reload} />
      {seals.error !== undefined ? <ErrorBox error={seals.error} onRetry={seals.reload} /> : null}
      {seals.data === undefined && seals.error === undefined ? <p class="muted">{t.loading}</p> : <SealTable seals={list} selected={selected} onSelect={setSelected} />}
      {chosen ? <SealChangePanel key={chosen.id} seal={chosen} onChanged={seals.reload} onClose={() => setSelected(undefined)} /> : null}
      <SealCreateForm organisations={organisations.data} slots={tokens.data} onCreated={seals.reload} />
      {/* a list that could not be read is said so, not shown as an empty one */}
      {organisations.error !== undefined ? <ErrorBox error={organisations.error} onRetry={organisations.reload} /> : null}
      {tokens.error !== undefined ? <ErrorBox error={tokens.error} onRetry={tokens.reload} /> : null}
    </section>
  );
}
