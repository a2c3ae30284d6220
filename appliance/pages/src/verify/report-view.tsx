import type { CheckResult, SignatureReport, VerificationReport, VerificationStatus } from '../api/report.js';
import { useLocale } from '../i18n/locale.js';
import { AnchorFacts, AnchorPending } from './anchor-facts.js';
import { EsealFacts } from './eseal-facts.js';
import { Row, when } from './facts.js';

const ICON: Record<VerificationStatus, string> = { valid: '✓', invalid: '✗', indeterminate: '?' };

/** Green, red or amber, with a word and a symbol: readable at a glance without relying on colour alone. */
export function Verdict({ status, big = false }: { status: VerificationStatus; big?: boolean }) {
  const { t } = useLocale();
  return (
    <span class={`verdict verdict-${status}${big ? ' verdict-big' : ''}`} data-testid={big ? 'verdict' : 'signature-verdict'} data-status={status}>
      <span class="verdict-icon" aria-hidden="true">
        {ICON[status]}
      </span>
      {t.verify.verdict[status]}
    </span>
  );
}

/** The whole report: the overall verdict first, then one card per signature. */
export function ReportView({ report, name }: { report: VerificationReport; name?: string | undefined }) {
  const { t, locale } = useLocale();
  return (
    <section class={`report report-${report.status}`} aria-labelledby="report-title" data-testid="report">
      <div class={`report-banner banner-${report.status}`}>
        <h2 id="report-title">{name ? t.verify.resultFor(name) : t.verify.title}</h2>
        <Verdict status={report.status} big />
        <p class="report-summary">{report.signatures.length === 0 ? t.verify.none : t.verify.verdictLong[report.status]}</p>
        <p class="muted small">
          {t.verify.verifiedAt}: {when(report.verifiedAt, locale)}
        </p>
      </div>
      {report.signatures.map((s) => (
        <SignatureCard key={s.index} signature={s} />
      ))}
    </section>
  );
}

function SignatureCard({ signature: s }: { signature: SignatureReport }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  const title = s.kind === 'signature' ? v.signature(s.index + 1) : v.documentTimestamp(s.index + 1);
  const problems = s.checks.filter((c) => c.status === 'failed' || c.status === 'indeterminate');
  const anchorCheck = s.checks.find((c) => c.check === 'ledger-anchor');
  return (
    <article class={`signature signature-${s.status}`} aria-label={title} data-testid="signature">
      <header class="signature-head">
        <h3>
          {title}
          {s.fieldName ? <span class="muted"> · {s.fieldName}</span> : null}
        </h3>
        <Verdict status={s.status} />
      </header>
      {problems.length ? (
        <ul class="problems" data-testid="problems">
          {problems.map((c, i) => (
            <li key={i} class={`problem problem-${c.status}`}>
              <span aria-hidden="true">{c.status === 'failed' ? '✗ ' : '? '}</span>
              <strong>{v.checkNames[c.check] ?? c.check}: </strong>
              {c.error ? (locale === 'en' ? c.error.message_en : c.error.message_zh) : v.checkStatus[c.status]}
            </li>
          ))}
        </ul>
      ) : null}
      <dl class="facts">
        {s.seal ? (
          <>
            <Row label={v.seal} testId="seal-name">
              <strong>{s.seal.name}</strong>
            </Row>
            <Row label={v.organisation} testId="seal-organisation">
              {s.seal.organisation.name}
              <span class="muted small">
                {' '}
                ({v.uscc} {s.seal.organisation.uscc})
              </span>
            </Row>
            <Row label={v.sealId}>
              <code>{s.seal.id}</code>
            </Row>
            <Row label={v.sealStatusAtSigning}>{v.sealStatus[s.seal.statusAtSigning ?? 'unknown'] ?? s.seal.statusAtSigning}</Row>
            {s.seal.status !== s.seal.statusAtSigning ? <Row label={v.sealStatusNow}>{v.sealStatus[s.seal.status] ?? s.seal.status}</Row> : null}
          </>
        ) : null}
        {s.ofd ? <EsealFacts ofd={s.ofd} /> : null}
        {s.signer ? (
          <Row label={v.signer}>
            <span class="break">{s.signer.subject}</span>
          </Row>
        ) : null}
        {s.algorithm ? (
          <Row label={v.algorithm} testId="algorithm">
            <code>{s.algorithm}</code>
          </Row>
        ) : null}
        <Row label={v.time} testId="signing-time">
          {when(s.signingTime.usedForChecks, locale)} <span class="muted small">({v.timeSource[s.signingTime.source]})</span>
        </Row>
        {s.level ? <Row label={v.level}>PAdES {s.level}</Row> : null}
        {s.kind === 'signature' ? (
          <Row label={v.chain} testId="chain">
            {s.ledger || anchorCheck ? <ChainAnchor signature={s} check={anchorCheck} /> : <span class="muted">{v.chainNotChecked}</span>}
          </Row>
        ) : null}
      </dl>
      {s.coverage ? <p class="coverage">{s.coverage === 'whole-document' ? v.coverageWhole : v.coverageAppended(s.appendedBytes ?? 0)}</p> : null}
      <details class="checks">
        <summary>{v.checks}</summary>
        <ul>
          {s.checks.map((c, i) => (
            <CheckLine key={i} check={c} />
          ))}
        </ul>
      </details>
    </article>
  );
}

function ChainAnchor({ signature: s, check }: { signature: SignatureReport; check: CheckResult | undefined }) {
  const { t, locale } = useLocale();
  const anchored = s.ledger?.anchored;
  if (anchored) return <AnchorFacts blockNumber={anchored.blockNumber} txHash={anchored.txHash} at={anchored.anchoredAt} eventId={s.ledger?.eventId} />;
  if (check?.error?.code === 'EVENT_NOT_ANCHORED') return <AnchorPending />;
  return (
    <div class={`anchor ${check?.status === 'failed' ? 'anchor-bad' : 'anchor-pending'}`}>
      <span>{check?.error ? (locale === 'en' ? check.error.message_en : check.error.message_zh) : t.verify.chainUnknown}</span>
    </div>
  );
}

function CheckLine({ check: c }: { check: CheckResult }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  const mark = c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : c.status === 'skipped' ? '–' : '?';
  return (
    <li class={`check check-${c.status}`}>
      <span aria-hidden="true">{mark} </span>
      {v.checkNames[c.check] ?? c.check}: {v.checkStatus[c.status]}
      {c.error ? <span class="muted"> — {locale === 'en' ? c.error.message_en : c.error.message_zh}</span> : null}
    </li>
  );
}
