import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';

interface AuditOlderProps {
  /** The `next` of the last page shown: null when that page was the oldest. */
  next: number | null;
  /** Loading the older page. */
  busy: boolean;
  /** Not now (the newest page is being loaded again). */
  disabled: boolean;
  error: unknown;
  onOlder(): void;
}

/** Below the audit table: the button that loads the next older page, or that there is none. */
export function AuditOlder({ next, busy, disabled, error, onOlder }: AuditOlderProps) {
  const { t } = useLocale();
  const a = t.admin.audit;
  return (
    <>
      {error !== undefined ? <ErrorBox error={error} onRetry={onOlder} /> : null}
      {next === null ? (
        <p class="muted" data-testid="audit-no-older">
          {a.noOlder}
        </p>
      ) : (
        <p>
          <button type="button" data-testid="audit-older" disabled={busy || disabled} aria-busy={busy} onClick={onOlder}>
            {busy ? a.loadingOlder : a.older}
          </button>
        </p>
      )}
    </>
  );
}
