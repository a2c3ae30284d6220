import { ApiError, errorMessage, isApiErrorBody } from '../api/errors.js';
import { useLocale } from '../i18n/locale.js';

/** Where the citizen was when it failed: it decides what they are told to do. */
export type CitizenStage = 'card' | 'issue' | 'document' | 'receipt';

/**
 * Failures a citizen can put right alone, whose catalogue sentence names no device: shown as they
 * are. Every other one (a device timing out, a printer, a token …) is the staff's: the screen
 * says whom to ask, the code stays in small print for them, the detail is in the service's log.
 */
const CITIZEN_CODES = new Set(['NO_CARD', 'CARD_READ_FAILED', 'CARD_NOT_READ', 'ID_NUMBER_INVALID', 'KIOSK_NO_SEAL', 'KIOSK_FORMAT_UNSUPPORTED', 'KIOSK_ESEAL_REQUIRED', 'KIOSK_SEAL_NOT_SM2', 'TEMPLATE_FIELD_MISSING', 'TEMPLATE_FIELD_INVALID', 'TEMPLATE_TEXT_OVERFLOW']);

function codeOf(error: unknown): string | undefined {
  if (error instanceof ApiError) return error.code;
  return isApiErrorBody(error) ? error.code : undefined;
}

/** An error on a citizen's screen: what to do, in their language, never a device path. */
export function CitizenError({ error, stage }: { error: unknown; stage: CitizenStage }) {
  const { locale, t } = useLocale();
  const advice = t.kiosk.citizen;
  const code = codeOf(error);
  const sentence =
    code && CITIZEN_CODES.has(code)
      ? errorMessage(error, locale, t)
      : stage === 'document'
        ? advice.documentFailed
        : stage === 'receipt'
          ? advice.receiptFailed
          : stage === 'card' && code !== undefined && /^(DEVICE_|FRAME_)/.test(code)
            ? advice.cardReader
            : advice.unavailable;
  return (
    <div class="error-box" role="alert" data-testid="error">
      <strong class="error-title">{t.errorTitle}</strong>
      <p class="error-message">{sentence}</p>
      {code ? (
        <p class="error-code">
          {t.errorCode}: <code>{code}</code>
        </p>
      ) : null}
    </div>
  );
}
