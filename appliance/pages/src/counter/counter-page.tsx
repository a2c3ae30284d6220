import { useRef, useState } from 'preact/hooks';
import { api, listOf, type IdCardView, type Role, type Placement, type PrintResult, type SealView, type StampJob } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { ErrorBox } from '../components/error-box.js';
import { Layout } from '../components/layout.js';
import { newKey } from '../components/new-key.js';
import { ProgressBar } from '../components/progress.js';
import { SignInForm, useSession } from '../components/session.js';
import { Dot, StatePanels } from '../components/state-panel.js';
import { Steps } from '../components/steps.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { OfdStage } from './ofd-stage.js';
import { PdfStage } from './pdf-stage.js';
import type { SealPosition } from './seal-handle.js';

/** Who this page is for: a session of another role is asked to sign in here. */
const ROLES: readonly Role[] = ['clerk', 'admin'];

/** The window clerk's page: sign in, then the state panels beside the stamping flow. */
export function CounterPage() {
  const { t } = useLocale();
  const { session, setSession, signOut } = useSession(ROLES);
  // bumped after each stamp or print: the state panels and today's stamps reload
  const [changed, setChanged] = useState(0);
  return (
    <Layout title={t.counter.title} session={session} onSignOut={() => void signOut()}>
      {session === undefined ? (
        <p class="muted">{t.loading}</p>
      ) : session === null ? (
        <SignInForm title={t.counter.signInTitle} kind="password" roles={ROLES} onSignedIn={setSession} />
      ) : (
        <div class="workspace">
          <StatePanels stamps changed={changed} />
          <StampFlow onChanged={() => setChanged((n) => n + 1)} />
        </div>
      )}
    </Layout>
  );
}

/** Where a document's seal starts: page 1, near the lower right of an A4 page (points). */
const START: { readonly page: number; readonly x: number; readonly y: number } = { page: 1, x: 380, y: 90 };
/** The seal's width on the stage, in points (42 mm). */
const SEAL_SIZE = 119;

function StampFlow({ onChanged }: { onChanged(): void }) {
  const { t } = useLocale();
  const c = t.counter;
  const seals = useApi(() => api.seals());
  const [holder, setHolder] = useState<IdCardView | undefined>(undefined);
  const [document, setDocument] = useState<{ documentId: string; pages: number; name: string; format?: string | undefined } | undefined>(undefined);
  const [sealId, setSealId] = useState('');
  const [mode, setMode] = useState<'position' | 'text'>('position');
  const [page, setPage] = useState(START.page);
  const [x, setX] = useState(START.x);
  const [y, setY] = useState(START.y);
  /** Where the clerk put the seal on either stage (click, drag or arrow keys). */
  const placeSeal = (next: SealPosition) => {
    setPage(next.page);
    setX(next.x);
    setY(next.y);
  };
  const [anchorText, setAnchorText] = useState('');
  const [crossPage, setCrossPage] = useState(false);
  const [pin, setPin] = useState('');
  const [work, setWork] = useState<{ label: string; fraction?: number } | undefined>(undefined);
  const [stamped, setStamped] = useState<StampJob | undefined>(undefined);
  const [printed, setPrinted] = useState<PrintResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const sealList = listOf<SealView>(seals.data, 'seals').filter((s) => s.status === 'active');
  // one key per stamp the clerk means: a retry after a lost answer reuses it, so the service never stamps twice
  const attemptKey = useRef<string | undefined>(undefined);
  const step = printed ? 5 : stamped ? 4 : document ? (sealId ? 3 : 2) : holder ? 1 : 0;

  const run = async <T,>(label: string, job: (progress: (f: number) => void) => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    setWork({ label });
    try {
      return await job((fraction) => setWork({ label, fraction }));
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setWork(undefined);
    }
  };

  const stamp = async (event: Event) => {
    event.preventDefault();
    if (!document || !sealId) return;
    // an OFD's seal is sent at the size the preview shows it (else it would print at its picture's own size)
    const placement: Placement = mode === 'position' ? { kind: 'position', page, x, y, ...(document.format === 'ofd' ? { size: SEAL_SIZE } : {}) } : { kind: 'text', text: anchorText };
    attemptKey.current ??= newKey();
    const key = attemptKey.current;
    const result = await run(t.progress.stamping, async () => {
      try {
        const job = await api.stamp({ documentId: document.documentId, sealId, placement, crossPage, pin }, key);
        attemptKey.current = undefined;
        if (job.status === 'failed' && job.error) throw new ApiError(422, job.error);
        return job;
      } catch (e) {
        // only an answer that never came keeps the key for the retry
        if (!(e instanceof ApiError && e.status === 0)) attemptKey.current = undefined;
        throw e;
      }
    });
    setPin('');
    if (result) {
      setStamped(result);
      setPrinted(undefined);
    }
    onChanged();
  };

  return (
    <section class="card flow" aria-labelledby="flow-title">
      <h2 id="flow-title">{c.stepsTitle}</h2>
      <Steps steps={c.steps} current={step} label={c.stepsTitle} />
      <div class="flow-row">
        <button
          type="button"
          disabled={!!work}
          onClick={async () => {
            const card = await run(t.progress.working, () => api.readIdCard());
            if (card) setHolder(card);
          }}
        >
          {c.readIdCard}
        </button>
        {holder ? (
          <span data-testid="holder">
            {c.holder}: {holder.name} {holder.idNumber}
          </span>
        ) : null}
      </div>
      <div class="flow-row">
        <label class="button">
          {c.openPdf}
          <input
            class="visually-hidden"
            data-testid="pdf-input"
            type="file"
            accept="application/pdf,.pdf,.ofd"
            disabled={!!work}
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              const uploaded = await run(t.progress.uploading, (progress) => api.uploadDocument(file, progress));
              if (uploaded) {
                // a new document starts clean: its first page, the seal where it starts, nothing of the last one's
                setPage(START.page);
                setX(START.x);
                setY(START.y);
                setDocument({ ...uploaded, name: file.name });
                setStamped(undefined);
                setPrinted(undefined);
              }
            }}
          />
        </label>
        {document ? <span data-testid="document">{document.name}</span> : null}
      </div>
      {document && mode === 'position' && document.format === 'ofd' ? (
        <OfdStage
          key={document.documentId}
          pageUrl={(p) => api.documentPageSvgUrl(document.documentId, p)}
          pages={document.pages}
          sealImage={sealId ? api.sealImageUrl(sealId) : undefined}
          size={SEAL_SIZE}
          value={{ page, x, y }}
          onChange={placeSeal}
        />
      ) : document && mode === 'position' ? (
        <PdfStage
          key={document.documentId}
          url={api.documentPdfUrl(document.documentId)}
          pages={document.pages}
          sealImage={sealId ? api.sealImageUrl(sealId) : undefined}
          size={SEAL_SIZE}
          value={{ page, x, y }}
          onChange={placeSeal}
        />
      ) : null}
      <form class="stamp-form" onSubmit={stamp}>
        <fieldset>
          <legend>{c.chooseSeal}</legend>
          {seals.error !== undefined ? <ErrorBox error={seals.error} /> : null}
          <div class="seal-choices">
            {sealList.map((seal) => (
              <label key={seal.id} class={`seal-choice${seal.id === sealId ? ' selected' : ''}`}>
                <input type="radio" name="seal" value={seal.id} checked={seal.id === sealId} onChange={() => setSealId(seal.id)} />
                <img src={api.sealImageUrl(seal.id)} alt="" width={64} height={64} />
                {/* two organisations' 公章 are told apart by the organisation, spoken with the name */}
                <span class="seal-choice-name">{seal.name}</span>{' '}
                <span class="seal-choice-org">{seal.organisation.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{c.placement}</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'position'} onChange={() => setMode('position')} /> {c.byPosition}
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'text'} onChange={() => setMode('text')} /> {c.byText}
          </label>
          {mode === 'position' ? (
            <div class="inline-fields">
              <label>
                {c.page} <input type="number" min={1} max={document?.pages} value={page} onInput={(e) => setPage(Number(e.currentTarget.value))} />
              </label>
              <label>
                {c.x} <input type="number" value={x} onInput={(e) => setX(Number(e.currentTarget.value))} />
              </label>
              <label>
                {c.y} <input type="number" value={y} onInput={(e) => setY(Number(e.currentTarget.value))} />
              </label>
            </div>
          ) : (
            <label>
              {c.anchorText} <input value={anchorText} onInput={(e) => setAnchorText(e.currentTarget.value)} />
            </label>
          )}
          <label>
            <input type="checkbox" checked={crossPage} onChange={(e) => setCrossPage(e.currentTarget.checked)} /> {c.crossPage}
          </label>
        </fieldset>
        <label>
          {c.pin}
          <input type="password" inputMode="numeric" autocomplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} required />
        </label>
        <button type="submit" class="primary" disabled={!!work || !document || !sealId || !pin}>
          {c.stamp}
        </button>
      </form>
      {work ? <ProgressBar label={work.label} fraction={work.fraction} /> : null}
      {error !== undefined ? <ErrorBox error={error} /> : null}
      {stamped ? (
        <div class="flow-row" data-testid="stamped">
          <strong class="dot-ok">✓ {c.stamped}</strong>
          <a class="button" href={api.stampPdfUrl(stamped.id)} target="_blank" rel="noreferrer">
            {c.download}
          </a>
          <button
            type="button"
            class="primary"
            disabled={!!work}
            onClick={async () => {
              const result = await run(t.progress.printing, () => api.printStamp(stamped.id));
              if (result) setPrinted(result);
              onChanged();
            }}
          >
            {c.print}
          </button>
        </div>
      ) : null}
      {printed ? (
        <ul class="items" data-testid="printed" aria-label={c.printed}>
          <li data-printed={printed.document ? 'yes' : 'no'}>
            <Dot ok={!!printed.document} label={printed.document ? c.printedDocument : `${c.printedDocument}: ${c.notPrinted}`} />
          </li>
          <li data-printed={printed.receipt ? 'yes' : 'no'}>
            <Dot ok={!!printed.receipt} label={printed.receipt ? c.printedReceipt : `${c.printedReceipt}: ${c.notPrinted}`} />
          </li>
        </ul>
      ) : null}
    </section>
  );
}
