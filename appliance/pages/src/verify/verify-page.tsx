import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { isVerificationReport, type VerificationReport } from '../api/report.js';
import { ErrorBox } from '../components/error-box.js';
import { Layout } from '../components/layout.js';
import { ProgressBar } from '../components/progress.js';
import { useLocale } from '../i18n/locale.js';
import { ReportView } from './report-view.js';

type State =
  | { step: 'idle' }
  | { step: 'uploading'; name: string; fraction: number }
  | { step: 'checking'; name: string }
  | { step: 'report'; name: string; report: VerificationReport }
  | { step: 'record'; name: string; record: unknown }
  | { step: 'error'; error: unknown };

/** A verification URL from the seal's QR code (…/verify?doc=…&event=…) verifies itself when opened. */
function codeFromLocation(): string | undefined {
  const params = new URLSearchParams(location.search);
  if (params.get('code')) return params.get('code') ?? undefined;
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
    if (file.type !== 'application/pdf' && !/\.pdf$/i.test(file.name)) {
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
    setState({ step: 'checking', name: trimmed });
    try {
      const answer = await api.verifyCode(trimmed);
      setState(isVerificationReport(answer) ? { step: 'report', name: trimmed, report: answer } : { step: 'record', name: trimmed, record: answer });
    } catch (error) {
      setState({ step: 'error', error });
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
    if (state.step === 'report' || state.step === 'record' || state.step === 'error') result.current?.focus();
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
                accept="application/pdf,.pdf"
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
        {state.step === 'record' ? <RecordView record={state.record} /> : null}
      </div>
    </Layout>
  );
}

/** A licence record that is not a PDF report: its facts as the API gives them. */
function RecordView({ record }: { record: unknown }) {
  const { t } = useLocale();
  const entries = typeof record === 'object' && record !== null ? Object.entries(record as Record<string, unknown>) : [];
  return (
    <section class="card" aria-label={t.verify.record} data-testid="record">
      <h2>{t.verify.record}</h2>
      <dl class="facts">
        {entries.map(([key, value]) => (
          <>
            <dt key={`k-${key}`}>{key}</dt>
            <dd key={`v-${key}`} class="break">
              {typeof value === 'object' ? JSON.stringify(value) : String(value)}
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}
