import { useLocale } from '../i18n/locale.js';
import { when } from './facts.js';

/** Where a record sits on the chain, in green: the block, the transaction and when (and the seal event, when known). */
export function AnchorFacts({ blockNumber, txHash, at, eventId }: { blockNumber: number; txHash: string | null; at: string; eventId?: string | null | undefined }) {
  const { t, locale } = useLocale();
  const v = t.verify;
  return (
    <div class="anchor anchor-ok" data-testid="anchor" data-anchor="anchored">
      <span class="verdict verdict-valid small">
        <span aria-hidden="true">✓ </span>
        {v.chainAnchored}
      </span>
      <dl class="anchor-facts">
        <dt>{v.block}</dt>
        <dd data-testid="anchor-block">{blockNumber}</dd>
        {txHash ? (
          <>
            <dt>{v.tx}</dt>
            <dd>
              <code class="break" data-testid="anchor-tx">
                {txHash}
              </code>
            </dd>
          </>
        ) : null}
        <dt>{v.anchoredAt}</dt>
        <dd>{when(at, locale)}</dd>
        {eventId ? (
          <>
            <dt>{v.event}</dt>
            <dd>
              <code class="break">{eventId}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** Not on the chain yet: amber, never red (the ledger worker anchors it with the next batch). */
export function AnchorPending() {
  const { t } = useLocale();
  return (
    <div class="anchor anchor-pending" data-testid="anchor" data-anchor="pending">
      <span>
        <span aria-hidden="true">○ </span>
        {t.verify.chainPending}
      </span>
    </div>
  );
}
