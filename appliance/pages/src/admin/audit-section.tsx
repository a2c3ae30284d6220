import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { AuditTable } from './audit-table.js';
import { AuditVerdict } from './audit-verdict.js';
import { SectionHead } from './section-head.js';

/** The audit log: its verification at a glance (green intact, red tampered), then the newest entries. */
export function AuditSection() {
  const { t } = useLocale();
  const verification = useApi(() => adminApi.auditVerify());
  const entries = useApi(() => adminApi.audit(50));
  const refresh = () => {
    verification.reload();
    entries.reload();
  };
  return (
    <section class="admin-section" aria-labelledby="audit-title" data-testid="audit-section">
      <SectionHead id="audit-title" title={t.admin.tabs.audit} onRefresh={refresh} />
      {verification.error !== undefined ? <ErrorBox error={verification.error} onRetry={verification.reload} /> : null}
      {verification.data ? <AuditVerdict verification={verification.data} /> : verification.error === undefined ? <p class="muted">{t.loading}</p> : null}
      <h3 id="audit-entries-title">{t.admin.audit.title}</h3>
      {entries.error !== undefined ? <ErrorBox error={entries.error} onRetry={entries.reload} /> : null}
      {entries.data ? <AuditTable entries={entries.data.entries} /> : null}
    </section>
  );
}
