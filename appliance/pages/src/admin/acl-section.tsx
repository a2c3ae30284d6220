import { useState } from 'preact/hooks';
import { adminApi, api } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { GrantList } from './grant-list.js';
import { SectionHead } from './section-head.js';
import { LabelledSelect } from './labelled-select.js';

/** The seal ACL: pick a seal, see who may stamp with it, grant it to a clerk or kiosk, withdraw it. */
export function AclSection() {
  const { t } = useLocale();
  const a = t.admin.acl;
  const seals = useApi(() => api.seals());
  const operators = useApi(() => adminApi.operators());
  const usable = (seals.data ?? []).filter((seal) => seal.status !== 'revoked');
  const [chosen, setChosen] = useState('');
  const seal = usable.find((s) => s.id === chosen) ?? usable[0];
  return (
    <section class="admin-section" aria-labelledby="acl-title" data-testid="acl-section">
      <SectionHead id="acl-title" title={a.title} onRefresh={() => (seals.reload(), operators.reload())} />
      <p class="muted small">{a.hint}</p>
      {seals.error !== undefined ? <ErrorBox error={seals.error} onRetry={seals.reload} /> : null}
      {operators.error !== undefined ? <ErrorBox error={operators.error} onRetry={operators.reload} /> : null}
      {seals.data !== undefined && usable.length === 0 ? <p class="muted">{a.noSeals}</p> : null}
      {usable.length > 0 ? (
        <LabelledSelect id="acl-seal" label={a.seal} value={seal?.id ?? ''} onChange={(v) => setChosen(v)}>
            {usable.map((s) => (
              <option key={s.id} value={s.id}>
                {`${s.name} (${t.admin.seals.statusNames[s.status] ?? s.status})`}
              </option>
            ))}
        </LabelledSelect>
      ) : null}
      {seal ? <GrantList key={seal.id} seal={seal} operators={operators.data ?? []} /> : null}
    </section>
  );
}
