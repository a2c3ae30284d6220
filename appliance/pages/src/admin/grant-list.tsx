import { useState } from 'preact/hooks';
import { adminApi, type OperatorView, type SealView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { useAction } from './use-action.js';
import { LabelledSelect } from './labelled-select.js';

/** Operators who may stamp: clerks and kiosks (administrators need a grant too). */
const GRANTABLE = new Set(['clerk', 'kiosk', 'admin']);

/** One seal's grants, withdraw per row, and grant to another operator. */
export function GrantList({ seal, operators }: { seal: SealView; operators: OperatorView[] }) {
  const { t, locale } = useLocale();
  const a = t.admin.acl;
  const grants = useApi(() => adminApi.sealGrants(seal.id), [seal.id]);
  const [operatorId, setOperatorId] = useState('');
  const grant = useAction((id: string) => adminApi.grant(seal.id, id), grants.reload);
  const withdraw = useAction((id: string) => adminApi.withdraw(seal.id, id), grants.reload);
  const byId = new Map(operators.map((o) => [o.id, o]));
  const granted = (grants.data ?? []).filter((g) => g.granted);
  const grantedIds = new Set(granted.map((g) => g.operatorId));
  const candidates = operators.filter((o) => GRANTABLE.has(o.role) && !o.disabled && !grantedIds.has(o.id));
  const target = candidates.find((o) => o.id === operatorId) ?? candidates[0];
  const who = (id: string) => {
    const o = byId.get(id);
    return o ? `${o.displayName} (${o.username}, ${t.roles[o.role] ?? o.role})` : id;
  };

  return (
    <div class="admin-form" role="region" aria-labelledby="grants-title" data-testid="grants">
      <h3 id="grants-title">{`${a.grantees}: ${seal.name}`}</h3>
      {grants.error !== undefined ? <ErrorBox error={grants.error} onRetry={grants.reload} /> : null}
      {grants.data !== undefined && granted.length === 0 ? <p class="muted">{a.none}</p> : null}
      {granted.length > 0 ? (
        <ul class="items">
          {granted.map((g) => (
            <li key={g.operatorId} data-testid="grant-row">
              <span>
                {who(g.operatorId)}
                {g.grantedAt ? <span class="muted small">{` · ${a.grantedAt} ${new Date(g.grantedAt).toLocaleString(locale, { hour12: false })}`}</span> : null}
              </span>
              <button type="button" class="small" disabled={withdraw.busy} onClick={() => void withdraw.run(g.operatorId)}>
                {a.withdraw}
                <span class="visually-hidden"> {who(g.operatorId)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {candidates.length === 0 ? (
        <p class="muted small">{a.noOperators}</p>
      ) : (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) void grant.run(target.id);
          }}
        >
          <LabelledSelect id="acl-operator" label={a.operator} value={target?.id ?? ''} onChange={(v) => setOperatorId(v)}>
              {candidates.map((o) => (
                <option key={o.id} value={o.id}>
                  {who(o.id)}
                </option>
              ))}
          </LabelledSelect>
          <button type="submit" class="primary" disabled={grant.busy || !target}>
            {a.grant}
          </button>
        </form>
      )}
      {grant.error !== undefined ? <ErrorBox error={grant.error} /> : null}
      {withdraw.error !== undefined ? <ErrorBox error={withdraw.error} /> : null}
    </div>
  );
}
