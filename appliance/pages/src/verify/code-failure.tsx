import { ApiError } from '../api/errors.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { VerdictBanner } from './verdict-banner.js';

/**
 * A code the appliance refused (unknown event, malformed or altered licence code, another
 * holder's key: a 4xx with its catalogue error) reads as a red verdict with the reason in the
 * chosen language; anything else (the appliance unreachable) is only an error, not a verdict.
 */
export function CodeFailure({ error, licence }: { error: unknown; licence: boolean }) {
  const { t } = useLocale();
  const c = t.verify.code;
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.body !== undefined;
  if (!refused) return <ErrorBox error={error} />;
  return (
    <section class="report report-invalid" aria-labelledby="report-title" data-testid="report" data-kind={licence ? 'licence' : 'stamp'}>
      <VerdictBanner status="invalid" title={licence ? c.licenceTitle : c.stampTitle} summary={c.codeInvalid} />
      <ErrorBox error={error} />
    </section>
  );
}
