import { useRef, useState } from 'preact/hooks';
import { adminApi, type AuditPage } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { AuditOlder } from './audit-older.js';
import { AuditTable } from './audit-table.js';
import { AuditVerdict } from './audit-verdict.js';
import { LabelledSelect } from './labelled-select.js';
import { SectionHead } from './section-head.js';
import { useAction } from './use-action.js';

/** Entries per page: 50, or `?auditPage=N` (1–500, the service's limit) on the admin page's address (the tests). */
export function auditPageSize(search = location.search): number {
  const size = Number(new URLSearchParams(search).get('auditPage'));
  return Number.isInteger(size) && size >= 1 && size <= 500 ? size : 50;
}

/**
 * The audit log: its verification at a glance (green intact, red tampered), then the newest
 * entries (all, or one action's), and older pages appended one at a time below them.
 */
export function AuditSection() {
  const { t } = useLocale();
  const a = t.admin.audit;
  const [limit] = useState(() => auditPageSize());
  const [action, setAction] = useState('');
  const verification = useApi(() => adminApi.auditVerify());
  const newest = useApi(() => adminApi.audit({ limit, action }), [action]);
  // The older pages loaded so far; a refresh or another filter starts again from the newest, and
  // a page still loading for the list before that is dropped (its round is gone).
  const [older, setOlder] = useState<AuditPage[]>([]);
  const round = useRef(0);
  const more = useAction(
    async (before: number) => {
      const from = round.current;
      return { from, page: await adminApi.audit({ limit, before, action }) };
    },
    ({ from, page }) => {
      if (from === round.current) setOlder((pages) => [...pages, page]);
    },
  );
  const restart = () => {
    round.current += 1;
    setOlder([]);
    more.reset();
  };
  const refresh = () => {
    restart();
    verification.reload();
    newest.reload();
  };
  const filter = (value: string) => {
    restart();
    setAction(value);
  };
  const first = newest.data;
  const entries = first ? [first, ...older].flatMap((p) => p.entries) : [];
  const next = first ? (older.length > 0 ? older[older.length - 1]!.next : first.next) : null;
  return (
    <section class="admin-section" aria-labelledby="audit-title" data-testid="audit-section">
      <SectionHead id="audit-title" title={t.admin.tabs.audit} onRefresh={refresh} />
      {verification.error !== undefined ? <ErrorBox error={verification.error} onRetry={verification.reload} /> : null}
      {verification.data ? <AuditVerdict verification={verification.data} /> : verification.error === undefined ? <p class="muted">{t.loading}</p> : null}
      <h3 id="audit-entries-title">{a.title}</h3>
      <div class="form-row">
        <LabelledSelect id="audit-action" label={a.filterAction} value={action} onChange={filter}>
          <option value="">{a.allActions}</option>
          {Object.entries(a.actionNames).map(([name, label]) => (
            <option key={name} value={name}>
              {label} ({name})
            </option>
          ))}
        </LabelledSelect>
      </div>
      {newest.error !== undefined ? <ErrorBox error={newest.error} onRetry={newest.reload} /> : null}
      {first ? <AuditTable entries={entries} /> : null}
      {first && entries.length > 0 ? (
        <AuditOlder
          next={next}
          busy={more.busy}
          disabled={newest.loading}
          error={more.error}
          onOlder={() => {
            if (next !== null) void more.run(next);
          }}
        />
      ) : null}
    </section>
  );
}
