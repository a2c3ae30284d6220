import type { CodeReport } from '../api/code-views.js';
import { useLocale } from '../i18n/locale.js';
import type { Messages } from '../i18n/messages.js';
import { AnchorFacts, AnchorPending } from './anchor-facts.js';
import { FailedChecks, Row, when } from './facts.js';
import { VerdictBanner } from './verdict-banner.js';

/** Why a stamp's code does not check out, each reason a sentence. */
function problemsOf(report: CodeReport, c: Messages['verify']['code']): string[] {
  const problems: string[] = [];
  if (!report.documentMatches) problems.push(c.documentMismatch);
  if (!report.seal) problems.push(c.sealUnknown);
  else if (report.seal.statusAtStamp !== 'active') problems.push(c.sealNotActive);
  if (report.onChain?.verified === false) problems.push(c.chainFailed);
  return problems;
}

/** A stamp's verification code checked: the seal event with its seal, organisation, time and chain anchor. */
export function CodeReportView({ report }: { report: CodeReport }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  const c = v.code;
  const status = report.valid ? 'valid' : 'invalid';
  const problems = report.valid ? [] : problemsOf(report, c);
  const seal = report.seal;
  return (
    <section class={`report report-${status}`} aria-labelledby="report-title" data-testid="report" data-kind="stamp">
      <VerdictBanner status={status} title={c.stampTitle} summary={report.valid ? c.stampValid : c.stampInvalid} />
      <article class={`signature signature-${status}`} aria-label={v.seal} data-testid="signature">
        <FailedChecks problems={problems} />
        <dl class="facts">
          {seal ? (
            <>
              <Row label={v.seal} testId="seal-name">
                <strong>{seal.name}</strong>
              </Row>
              <Row label={v.organisation} testId="seal-organisation">
                {seal.organisation.name}
                <span class="muted small">
                  {' '}
                  ({v.uscc} {seal.organisation.uscc})
                </span>
              </Row>
              <Row label={v.sealId}>
                <code>{seal.id}</code>
              </Row>
              <Row label={v.sealStatusAtSigning} testId="seal-status">
                {v.sealStatus[seal.statusAtStamp ?? 'unknown'] ?? seal.statusAtStamp}
              </Row>
              {seal.statusNow !== seal.statusAtStamp ? <Row label={v.sealStatusNow}>{v.sealStatus[seal.statusNow] ?? seal.statusNow}</Row> : null}
            </>
          ) : null}
          <Row label={c.stampedAt} testId="signing-time">
            {when(report.event.time, locale)}
          </Row>
          {report.event.documentHash ? (
            <Row label={c.documentHash}>
              <code class="break">{report.event.documentHash}</code>
            </Row>
          ) : null}
          <Row label={v.chain} testId="chain">
            {report.anchor.status === 'anchored' ? (
              <>
                <AnchorFacts blockNumber={report.anchor.blockNumber} txHash={report.anchor.txHash} at={report.anchor.anchoredAt} eventId={report.event.id} />
                {report.onChain?.verified && report.onChain.confirmations !== null ? <span class="muted small">{c.confirmations(report.onChain.confirmations)}</span> : null}
              </>
            ) : (
              <AnchorPending />
            )}
          </Row>
        </dl>
      </article>
    </section>
  );
}
