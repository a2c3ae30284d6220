import type { AuditVerification } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

/** GET /api/audit/verify at a glance: green "intact" or red "tampered", then the report in the chosen language. */
export function AuditVerdict({ verification }: { verification: AuditVerification }) {
  const { t, locale } = useLocale();
  const a = t.admin.audit;
  const ok = verification.ok;
  return (
    <div class={`audit-verdict ${ok ? 'audit-verdict-ok' : 'audit-verdict-bad'}`} role="status" data-testid="audit-verdict" data-ok={ok ? 'yes' : 'no'}>
      <span class={`verdict verdict-big ${ok ? 'verdict-valid' : 'verdict-invalid'}`}>
        <span class="verdict-icon" aria-hidden="true">
          {ok ? '✓' : '✗'}
        </span>
        {ok ? a.intact : a.broken}
      </span>
      <div>
        <strong>{ok ? t.admin.auditOk : t.admin.auditBroken}</strong>
        <p class="audit-report" data-testid="audit-report">
          {locale === 'en' ? verification.report.en : verification.report.zh}
        </p>
      </div>
    </div>
  );
}
