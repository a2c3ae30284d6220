import { ApiError, errorMessage } from '../api/errors.js';
import { useLocale } from '../i18n/locale.js';

/** An error as the user reads it: the catalogue sentence in their language, the code in small print. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { locale, t } = useLocale();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div class="error-box" role="alert" data-testid="error">
      <strong class="error-title">{t.errorTitle}</strong>
      <p class="error-message">{errorMessage(error, locale, t)}</p>
      {code ? (
        <p class="error-code">
          {t.errorCode}: <code>{code}</code>
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t.retry}
        </button>
      ) : null}
    </div>
  );
}
