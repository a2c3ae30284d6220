import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { isLicenceCode, type CodeReport, type LicenceView } from '../api/code-views.js';
import type { VerificationReport } from '../api/report.js';
import { ErrorBox } from '../components/error-box.js';
import { Layout } from '../components/layout.js';
import { ProgressBar } from '../components/progress.js';
import { useLocale } from '../i18n/locale.js';
import { CodeFailure } from './code-failure.js';
import { CodeReportView } from './code-report-view.js';
import { LicenceRecordView } from './licence-record-view.js';
import { ReportView } from './report-view.js';

type State =
  | { step: 'idle' }
  | { step: 'uploading'; name: string; fraction: number }
  | { step: 'checking'; name: string }
  | { step: 'report'; name: string; report: VerificationReport }
  | { step: 'stamp-code'; report: CodeReport }
  | { step: 'licence'; licence: LicenceView }
  | { step: 'code-error'; error: unknown; licence: boolean }
  | { step: 'error'; error: unknown };

/**
 * A verification URL from the seal's QR code (…/verify?doc=…&event=…) verifies itself when opened;
 * so does a licence code in the fragment (…/verify#code=SDL2…): a fragment never leaves the
 * browser, so the code reaches no server log. It is then taken out of the address bar and history.
 */
function codeFromLocation(): string | undefined {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('code');
  if (code) {
    history.replaceState(null, '', location.pathname + location.search);
    return code;
  }
  const params = new URLSearchParams(location.search);
  if (params.get('doc') || params.get('event')) return location.href;
  return undefined;
}

export function VerifyPage() {
  const { t } = useLocale();
  const v = t.verify;
  const [state, setState] = useState<State>({ step: 'idle' });
  const [code, setCode] = useState('');
  const [dragging, setDragging] = useState(false);
  const [notPdf, setNotPdf] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const verifyFile = async (file: File) => {
    setNotPdf(false);
    // an OFD has no registered media type browsers know: its name says what it is
    if (file.type !== 'application/pdf' && !/\.(pdf|ofd)$/i.test(file.name)) {
      setNotPdf(true);
      return;
    }
    setState({ step: 'uploading', name: file.name, fraction: 0 });
    try {
      const report = await api.verifyPdf(file, (fraction) => setState(fraction < 1 ? { step: 'uploading', name: file.name, fraction } : { step: 'checking', name: file.name }));
      setState({ step: 'report', name: file.name, report });
    } catch (error) {
      setState({ step: 'error', error });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const verifyCode = async (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return;
    const licence = isLicenceCode(trimmed);
    setState({ step: 'checking', name: trimmed });
    try {
      setState(licence ? { step: 'licence', licence: await api.licence(trimmed) } : { step: 'stamp-code', report: await api.verifyCode(trimmed) });
    } catch (error) {
      setState({ step: 'code-error', error, licence });
    }
  };

  useEffect(() => {
    const fromUrl = codeFromLocation();
    if (fromUrl) {
      setCode(fromUrl);
      void verifyCode(fromUrl);
    }
  }, []);

  useEffect(() => {
    if (state.step !== 'idle' && state.step !== 'uploading' && state.step !== 'checking') result.current?.focus();
  }, [state.step]);

  const busy = state.step === 'uploading' || state.step === 'checking';
  return (
    <Layout title={v.title}>
      <p class="intro">{v.intro}</p>
      <div class="verify-inputs">
        <section class="card" aria-labelledby="drop-title">
          <h2 id="drop-title">{v.dropTitle}</h2>
          <div
            class={`dropzone${dragging ? ' dropzone-active' : ''}`}
            data-testid="dropzone"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              const file = e.dataTransfer?.files[0];
              if (file) void verifyFile(file);
            }}
          >
            <p class="dropzone-text" aria-hidden="true">
              {v.drop}
            </p>
            <p class="muted" aria-hidden="true">
              {v.or}
            </p>
            <label class="button primary file-button">
              {v.choose}
              <input
                ref={input}
                class="visually-hidden"
                type="file"
                accept="application/pdf,.pdf,.ofd"
                aria-label={v.fileLabel}
                data-testid="file-input"
                disabled={busy}
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  if (file) void verifyFile(file);
                }}
              />
            </label>
            {notPdf ? (
              <p class="field-error" role="alert">
                {v.onlyPdf}
              </p>
            ) : null}
          </div>
        </section>
        <section class="card" aria-labelledby="code-title">
          <h2 id="code-title">{v.codeTitle}</h2>
          <form
            class="code-form"
            onSubmit={(e) => {
              e.preventDefault();
              void verifyCode(code);
            }}
          >
            <label for="code-input">{v.codeLabel}</label>
            <input id="code-input" data-testid="code-input" value={code} placeholder={v.codePlaceholder} autocomplete="off" onInput={(e) => setCode(e.currentTarget.value)} />
            <button type="submit" class="primary" disabled={busy || !code.trim()}>
              {v.check}
            </button>
          </form>
        </section>
      </div>
      <div class="result" ref={result} tabIndex={-1} aria-live="polite">
        {state.step === 'uploading' ? <ProgressBar label={`${t.progress.uploading} ${state.name}`} fraction={state.fraction} /> : null}
        {state.step === 'checking' ? <ProgressBar label={t.progress.verifying} /> : null}
        {state.step === 'error' ? <ErrorBox error={state.error} /> : null}
        {state.step === 'report' ? <ReportView report={state.report} name={state.name} /> : null}
        {state.step === 'stamp-code' ? <CodeReportView report={state.report} /> : null}
        {state.step === 'licence' ? <LicenceRecordView licence={state.licence} /> : null}
        {state.step === 'code-error' ? <CodeFailure error={state.error} licence={state.licence} /> : null}
      </div>
    </Layout>
  );
}
