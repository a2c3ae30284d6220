import type { LicenceView } from '../api/code-views.js';
import { useLocale } from '../i18n/locale.js';
import { AnchorFacts } from './anchor-facts.js';
import { FailedChecks, Row, when } from './facts.js';
import { VerdictBanner } from './verdict-banner.js';

/** A licence record (电子证照) read with its code and verified against the chain: who holds it, what it says, who issued it, where it sits on the chain. */
export function LicenceRecordView({ licence }: { licence: LicenceView }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  const c = v.code;
  const sealOk = licence.chain.sealStatusAtIssue === 'active';
  const valid = licence.event.signatureValid && sealOk;
  const status = valid ? 'valid' : 'invalid';
  const problems = [...(licence.event.signatureValid ? [] : [c.signatureInvalid]), ...(sealOk ? [] : [c.sealNotActive])];
  return (
    <section class={`report report-${status}`} aria-labelledby="report-title" data-testid="report" data-kind="licence">
      <VerdictBanner status={status} title={c.licenceTitle} summary={valid ? c.licenceValid : c.licenceInvalid} />
      <article class={`signature signature-${status}`} aria-label={v.record} data-testid="record">
        <FailedChecks problems={problems} />
        <dl class="facts">
          <Row label={c.licenceType} testId="licence-type">
            <strong>{locale === 'en' ? licence.typeNameEn : licence.typeName}</strong>
          </Row>
          <Row label={c.holder} testId="licence-holder">
            {licence.holder.name}
          </Row>
          <Row label={c.idNumber}>
            <code>{licence.holder.idNumber}</code>
          </Row>
          {Object.entries(licence.fields).map(([name, value]) => (
            <Row key={name} label={name} testId="licence-field">
              {value}
            </Row>
          ))}
          <Row label={v.organisation} testId="seal-organisation">
            {licence.organisation.name}
            <span class="muted small">
              {' '}
              ({v.uscc} {licence.organisation.uscc})
            </span>
          </Row>
          <Row label={v.seal} testId="seal-name">
            <strong>{licence.seal.name}</strong>
          </Row>
          <Row label={c.sealStatusAtIssue} testId="seal-status">
            {v.sealStatus[licence.chain.sealStatusAtIssue] ?? licence.chain.sealStatusAtIssue}
          </Row>
          {licence.chain.sealStatusNow !== licence.chain.sealStatusAtIssue ? <Row label={v.sealStatusNow}>{v.sealStatus[licence.chain.sealStatusNow] ?? licence.chain.sealStatusNow}</Row> : null}
          <Row label={c.issuedAt} testId="signing-time">
            {when(licence.issuedAt, locale)}
          </Row>
          <Row label={c.licenceId}>
            <code class="break">{licence.licenceId}</code>
          </Row>
          <Row label={v.chain} testId="chain">
            <AnchorFacts blockNumber={licence.chain.blockNumber} txHash={licence.chain.txHash} at={licence.chain.publishedAt} />
          </Row>
        </dl>
      </article>
    </section>
  );
}
