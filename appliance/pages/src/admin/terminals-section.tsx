import { adminApi, api, listOf, type SealView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { SectionHead } from './section-head.js';
import { TerminalTable } from './terminal-table.js';
import { useAction } from './use-action.js';
import { usePolling } from './use-polling.js';

/**
 * The hall's terminals and their seal grants as this appliance followed them from the chain,
 * refreshed every 5 s; a grant or withdrawal sent from here (or decided at the desk) shows once final.
 */
export function TerminalsSection() {
  const { t } = useLocale();
  const a = t.admin.terminals;
  const list = useApi(() => adminApi.terminals());
  const seals = useApi(() => api.seals());
  usePolling(list.reload, 5000);
  const grant = useAction((address: string, sealId: string) => adminApi.grantToTerminal(address, sealId), list.reload);
  const withdraw = useAction((address: string, sealId: string) => adminApi.withdrawFromTerminal(address, sealId), list.reload);
  const usable = listOf<SealView>(seals.data, 'seals').filter((seal) => seal.status !== 'revoked');
  const sent = grant.result ?? withdraw.result;
  return (
    <section class="admin-section" aria-labelledby="terminals-title" data-testid="terminals-section">
      <SectionHead id="terminals-title" title={a.title} onRefresh={list.reload} />
      <p class="muted small">{a.hint}</p>
      {list.error !== undefined ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data === undefined && list.error === undefined ? <p class="muted">{t.loading}</p> : null}
      {grant.error !== undefined ? <ErrorBox error={grant.error} /> : null}
      {withdraw.error !== undefined ? <ErrorBox error={withdraw.error} /> : null}
      {sent ? <Notice testId="terminal-grant-sent">{a.sent(sent.txHash)}</Notice> : null}
      {list.data ? (
        <TerminalTable
          terminals={list.data.terminals}
          seals={usable}
          busy={grant.busy || withdraw.busy}
          onGrant={(address, sealId) => {
            withdraw.reset();
            void grant.run(address, sealId);
          }}
          onWithdraw={(address, sealId) => {
            grant.reset();
            void withdraw.run(address, sealId);
          }}
        />
      ) : null}
    </section>
  );
}
