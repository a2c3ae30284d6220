import { api, listOf, type SlotView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { SectionHead } from './section-head.js';
import { TokenAdmin } from './token-admin.js';
import { TokenInitForm } from './token-init-form.js';
import { TokenLogin } from './token-login.js';
import { TokenState } from './token-state.js';
import { usePolling } from './use-polling.js';

const FLAGS = ['initialized', 'userPinInitialized', 'userPinCountLow', 'userPinFinalTry', 'userPinLocked', 'writeProtected'] as const;

/** The terminal's PKCS#11 slots and their tokens, refreshed every 3 s; PIN sign-in and sign-out, keys and PINs per token, initialising a blank one. */
export function TokensSection() {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const slots = useApi(() => api.tokens());
  usePolling(slots.reload, 3000);
  const rows = listOf<SlotView>(slots.data, 'tokens');
  return (
    <section class="admin-section" aria-labelledby="tokens-title" data-testid="tokens-section">
      <SectionHead id="tokens-title" title={a.title} onRefresh={slots.reload} />
      <p class="muted small">{a.hint}</p>
      {slots.error !== undefined ? <ErrorBox error={slots.error} onRetry={slots.reload} /> : null}
      {slots.data === undefined && slots.error === undefined ? <p class="muted">{t.loading}</p> : null}
      <div class="table-scroll">
        <table class="table" aria-labelledby="tokens-title">
          <thead>
            <tr>
              <th scope="col">{a.slot}</th>
              <th scope="col">{a.label}</th>
              <th scope="col">{a.serial}</th>
              <th scope="col">{a.model}</th>
              <th scope="col">{a.state}</th>
              <th scope="col">{a.flags}</th>
              <th scope="col">{t.admin.seals.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((slot) => (
              <tr key={`${slot.module}-${slot.slotId}`} data-testid="token-row">
                <td>
                  {slot.index} <span class="muted small">{slot.description}</span>
                </td>
                <td>{slot.token?.label || <span class="muted">{a.empty}</span>}</td>
                <td>
                  <code>{slot.token?.serial ?? '—'}</code>
                </td>
                <td>{slot.token ? `${slot.token.manufacturer} / ${slot.token.model}` : '—'}</td>
                <td>
                  <TokenState slot={slot} />
                </td>
                <td class="small">
                  {slot.token ? (
                    <ul class="flag-list">
                      {FLAGS.filter((f) => slot.token?.flags[f]).map((f) => (
                        <li key={f}>{a.flagNames[f] ?? f}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{slot.present && slot.token?.flags.initialized ? <TokenLogin token={slot.token} onChanged={slots.reload} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.map((slot) =>
        slot.present && slot.token?.flags.initialized ? <TokenAdmin key={`admin-${slot.token.serial}`} token={slot.token} onChanged={slots.reload} /> : null,
      )}
      {rows.map((slot) => (slot.present && slot.token && !slot.token.flags.initialized ? <TokenInitForm key={`init-${slot.module}-${slot.slotId}`} slot={slot} onDone={slots.reload} /> : null))}
      <p class="muted small">{a.cliOnly}</p>
    </section>
  );
}
