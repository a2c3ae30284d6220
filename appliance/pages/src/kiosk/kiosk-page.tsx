import { useRef, useState } from 'preact/hooks';
import { api, type IdCardView, type IssuedCertificate, type Role, type TemplateView } from '../api/client.js';
import { Layout } from '../components/layout.js';
import { newKey } from '../components/new-key.js';
import { ProgressBar } from '../components/progress.js';
import { SignInForm, useSession } from '../components/session.js';
import { Steps } from '../components/steps.js';
import { useLocale } from '../i18n/locale.js';
import { CitizenError, type CitizenStage } from './citizen-error.js';
import { DoneScreen } from './done-screen.js';
import { idleMs, useIdleReset } from './idle-reset.js';
import { PdfPreview } from './pdf-preview.js';
import { citizenCanIssue, initialValues, TemplateForm } from './template-form.js';

type Chosen = { holder: IdCardView; template: TemplateView; values: Record<string, string> };

type Flow =
  | { step: 'start' }
  | { step: 'reading' }
  | { step: 'choose'; holder: IdCardView; templates: TemplateView[] }
  | ({ step: 'fill'; templates: TemplateView[] } & Chosen)
  | ({ step: 'previewing'; templates: TemplateView[] } & Chosen)
  | ({ step: 'preview'; templates: TemplateView[]; pdf: Blob } & Chosen)
  | { step: 'working' }
  | { step: 'done'; issued: IssuedCertificate };

const STEP_INDEX: Record<Flow['step'], number> = { start: 0, reading: 0, choose: 1, fill: 1, previewing: 2, preview: 2, working: 3, done: 4 };

/** Who this page is for: a session of another role is asked to sign in here. */
const ROLES: readonly Role[] = ['kiosk'];

/** The citizen's kiosk: full screen, large touch targets, zh-CN first. */
export function KioskPage() {
  const { t } = useLocale();
  const { session, setSession } = useSession(ROLES);
  return (
    <Layout title={t.kiosk.title} variant="kiosk" session={session}>
      {session === undefined ? (
        <p class="muted">{t.loading}</p>
      ) : session === null ? (
        <SignInForm title={t.kiosk.signInTitle} kind="terminal" roles={ROLES} onSignedIn={setSession} />
      ) : (
        <KioskFlow />
      )}
    </Layout>
  );
}

/** Tap the ID card → choose a template → fill in → preview → confirm → printing → done with the QR code. */
function KioskFlow() {
  const { t, locale } = useLocale();
  const k = t.kiosk;
  const [flow, setFlow] = useState<Flow>({ step: 'start' });
  const [error, setError] = useState<{ error: unknown; stage: CitizenStage } | undefined>(undefined);
  // one key per certificate the citizen confirms: a retry after a lost answer never issues a second one
  const issueKey = useRef<string | undefined>(undefined);

  /** Back to the start with every trace of the citizen gone: the screen's state, and the card in the appliance. */
  const reset = () => {
    setFlow({ step: 'start' });
    setError(undefined);
    issueKey.current = undefined;
    void api.forgetCard().catch(() => undefined);
  };
  useIdleReset(idleMs(), flow.step === 'working' || flow.step === 'reading', reset);

  const fail = (e: unknown, stage: CitizenStage) => {
    setError({ error: e, stage });
    setFlow({ step: 'start' });
    void api.forgetCard().catch(() => undefined);
  };

  const start = async () => {
    setError(undefined);
    setFlow({ step: 'reading' });
    try {
      const holder = await api.readIdCard();
      const { templates } = await api.templates();
      setFlow({ step: 'choose', holder, templates: templates.filter(citizenCanIssue) });
    } catch (e) {
      fail(e, 'card');
    }
  };

  const preview = async ({ holder, template, values, templates }: Chosen & { templates: TemplateView[] }) => {
    const chosen = { holder, template, values, templates };
    setError(undefined);
    setFlow({ ...chosen, step: 'previewing' });
    try {
      const pdf = await api.kioskPreview({ templateId: chosen.template.id, fields: chosen.values });
      issueKey.current = undefined;
      setFlow({ ...chosen, step: 'preview', pdf });
    } catch (e) {
      setError({ error: e, stage: 'issue' });
      setFlow({ ...chosen, step: 'fill' });
    }
  };

  const issue = async (chosen: Chosen) => {
    setError(undefined);
    setFlow({ step: 'working' });
    issueKey.current ??= newKey();
    try {
      const issued = await api.kioskCertificate({ templateId: chosen.template.id, fields: chosen.values, print: true }, issueKey.current);
      issueKey.current = undefined;
      setFlow({ step: 'done', issued });
    } catch (e) {
      fail(e, 'issue');
    }
  };

  const title = (template: TemplateView) => (locale === 'en' ? template.title.en : template.title.zh);
  return (
    <div class="kiosk" data-testid="kiosk" data-step={flow.step}>
      <Steps steps={k.steps} current={STEP_INDEX[flow.step]} label={k.title} />
      {error !== undefined ? <CitizenError error={error.error} stage={error.stage} /> : null}
      {'holder' in flow ? (
        <p class="kiosk-holder" data-testid="kiosk-holder">
          {k.holder}: {flow.holder.name} {flow.holder.idNumber}
        </p>
      ) : null}
      {flow.step === 'start' ? (
        <div class="kiosk-start" data-testid="kiosk-welcome">
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
        <section aria-labelledby="kiosk-choose">
          <h2 id="kiosk-choose">{k.chooseTemplate}</h2>
          {flow.templates.length === 0 ? <p>{k.noTemplates}</p> : null}
          <ul class="tiles">
            {flow.templates.map((template) => (
              <li key={template.id}>
                <button type="button" class="tile huge" data-testid={`template-${template.id}`} onClick={() => setFlow({ step: 'fill', holder: flow.holder, templates: flow.templates, template, values: initialValues(template) })}>
                  <span class="tile-title">{title(template)}</span>
                  {template.description ? <span class="tile-hint">{locale === 'en' ? template.description.en : template.description.zh}</span> : null}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" class="huge" onClick={reset}>
            {k.back}
          </button>
        </section>
      ) : null}
      {flow.step === 'fill' ? (
        <section aria-label={title(flow.template)}>
          <h2>{title(flow.template)}</h2>
          <TemplateForm
            template={flow.template}
            values={flow.values}
            onChange={(values) => setFlow({ ...flow, values })}
            onSubmit={() => void preview(flow)}
            onBack={() => setFlow({ step: 'choose', holder: flow.holder, templates: flow.templates })}
          />
        </section>
      ) : null}
      {flow.step === 'previewing' ? <ProgressBar label={k.previewing} /> : null}
      {flow.step === 'preview' ? (
        <section aria-labelledby="kiosk-preview-title">
          <h2 id="kiosk-preview-title">{k.previewTitle}</h2>
          <PdfPreview pdf={flow.pdf} />
          <div class="kiosk-actions">
            <button type="button" class="huge" onClick={() => setFlow({ step: 'fill', holder: flow.holder, templates: flow.templates, template: flow.template, values: flow.values })}>
              {k.back}
            </button>
            <button type="button" class="primary huge" data-testid="kiosk-confirm" onClick={() => void issue(flow)}>
              {k.confirm}
            </button>
          </div>
        </section>
      ) : null}
      {flow.step === 'working' ? <ProgressBar label={k.issuing} /> : null}
      {flow.step === 'done' ? <DoneScreen issued={flow.issued} onFinish={reset} /> : null}
    </div>
  );
}
