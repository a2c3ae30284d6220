import { useEffect, useState } from 'preact/hooks';
import { api, listOf } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { Layout } from '../components/layout.js';
import { ProgressBar } from '../components/progress.js';
import { SignInForm, useSession } from '../components/session.js';
import { Steps } from '../components/steps.js';
import { useLocale } from '../i18n/locale.js';

/** Without a touch for this long the kiosk returns to the start and forgets the citizen. */
export const IDLE_MS = 90_000;

interface Template {
  id: string;
  name?: string;
  name_zh?: string;
  name_en?: string;
  title?: string;
}

type Flow =
  | { step: 'start' }
  | { step: 'reading' }
  | { step: 'choose'; holder: Record<string, unknown>; templates: Template[] }
  | { step: 'working'; label: string }
  | { step: 'done'; result: Record<string, unknown> };

/** The citizen's kiosk: full screen, large touch targets, zh-CN first. */
export function KioskPage() {
  const { t } = useLocale();
  const { session, setSession } = useSession();
  return (
    <Layout title={t.kiosk.title} variant="kiosk" session={session}>
      {session === undefined ? (
        <p class="muted">{t.loading}</p>
      ) : session === null ? (
        <SignInForm title={t.kiosk.signInTitle} kind="terminal" roles={['kiosk']} onSignedIn={setSession} />
      ) : (
        <KioskFlow />
      )}
    </Layout>
  );
}

function KioskFlow() {
  const { t, locale } = useLocale();
  const k = t.kiosk;
  const [flow, setFlow] = useState<Flow>({ step: 'start' });
  const [error, setError] = useState<unknown>(undefined);

  // idle timeout: any touch, click or key restarts the clock; on expiry every trace is dropped
  useEffect(() => {
    let timer = setTimeout(reset, IDLE_MS);
    function reset() {
      setFlow({ step: 'start' });
      setError(undefined);
    }
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(reset, IDLE_MS);
    };
    const events = ['pointerdown', 'keydown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, touched);
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, touched);
    };
  }, []);

  const start = async () => {
    setError(undefined);
    setFlow({ step: 'reading' });
    try {
      const holder = (await api.readIdCard()) as Record<string, unknown>;
      const templates = listOf<Template>(await api.templates(), 'templates');
      setFlow({ step: 'choose', holder, templates });
    } catch (e) {
      setError(e);
      setFlow({ step: 'start' });
    }
  };

  const issue = async (template: Template) => {
    setError(undefined);
    setFlow({ step: 'working', label: t.progress.printing });
    try {
      const result = (await api.kioskCertificate({ templateId: template.id })) as Record<string, unknown>;
      setFlow({ step: 'done', result });
    } catch (e) {
      setError(e);
      setFlow({ step: 'start' });
    }
  };

  const current = { start: 0, reading: 0, choose: 1, working: 3, done: 4 }[flow.step];
  return (
    <div class="kiosk">
      <Steps steps={k.steps} current={current} label={k.title} />
      {error !== undefined ? <ErrorBox error={error} /> : null}
      {flow.step === 'start' ? (
        <div class="kiosk-start">
          <h2>{k.welcome}</h2>
          <p class="kiosk-hint">{k.tapCard}</p>
          <button type="button" class="primary huge" data-testid="kiosk-start" onClick={() => void start()}>
            {k.tapCardButton}
          </button>
          <p class="muted">{k.idle}</p>
        </div>
      ) : null}
      {flow.step === 'reading' ? <ProgressBar label={k.tapCard} /> : null}
      {flow.step === 'choose' ? (
        <ul class="tiles">
          {flow.templates.map((template) => (
            <li key={template.id}>
              <button type="button" class="tile huge" onClick={() => void issue(template)}>
                <span class="tile-title">{(locale === 'en' ? template.name_en : template.name_zh) ?? template.name ?? template.title ?? template.id}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {flow.step === 'working' ? <ProgressBar label={flow.label} /> : null}
      {flow.step === 'done' ? (
        <div class="kiosk-start" data-testid="kiosk-done">
          <h2>✓</h2>
          {typeof flow.result.licenceCode === 'string' ? <p class="kiosk-code">{flow.result.licenceCode}</p> : null}
          <button type="button" class="primary huge" onClick={() => setFlow({ step: 'start' })}>
            {t.close}
          </button>
        </div>
      ) : null}
    </div>
  );
}
