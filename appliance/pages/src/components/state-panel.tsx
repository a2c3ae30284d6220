import type { ComponentChildren } from 'preact';
import { api, listOf, today, type DeviceView, type SealView, type SlotView, type StampJob } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { ErrorBox } from './error-box.js';
import { useApi, type Loaded } from './use-api.js';
import { usePollWhile } from './use-poll-while.js';

function Section<T>({ title, loaded, children, testId }: { title: string; loaded: Loaded<T>; children: ComponentChildren; testId: string }) {
  const { t } = useLocale();
  return (
    <section class="panel" aria-label={title} data-testid={testId}>
      <div class="panel-head">
        <h2 class="panel-title">{title}</h2>
        <button type="button" class="small" onClick={loaded.reload}>
          {t.shell.refresh}
        </button>
      </div>
      {loaded.error !== undefined ? <ErrorBox error={loaded.error} /> : loaded.loading && loaded.data === undefined ? <p class="muted">{t.loading}</p> : children}
    </section>
  );
}

export function Dot({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span class={`dot ${ok ? 'dot-ok' : 'dot-bad'}`}>
      <span aria-hidden="true">{ok ? '●' : '○'}</span> {label}
    </span>
  );
}

/** Tokens and devices at a glance (the counter's and the admin's left column); `changed` reloads them (and today's stamps) when it changes. */
export function StatePanels({ stamps = false, changed = 0 }: { stamps?: boolean; changed?: number }) {
  const { t } = useLocale();
  const tokens = useApi(() => api.tokens(), [changed]);
  const devices = useApi(() => api.devices(), [changed]);
  const deviceItems = listOf<DeviceView>(devices.data, 'devices');
  return (
    <div class="panels" aria-label={t.shell.stateTitle} role="region">
      <Section title={t.shell.tokens} loaded={tokens} testId="tokens-panel">
        <TokenList slots={listOf<SlotView>(tokens.data, 'tokens')} />
      </Section>
      <Section title={t.shell.devices} loaded={devices} testId="devices-panel">
        {deviceItems.length === 0 ? (
          <p class="muted">{t.shell.noDevices}</p>
        ) : (
          <ul class="items">
            {deviceItems.map((device) => (
              <li key={device.kind} data-testid={`device-${device.kind}`}>
                <span class="item-name">{t.shell.deviceKinds[device.kind] ?? device.kind}</span>
                {!device.fitted ? (
                  <span class="muted">{t.shell.notFitted}</span>
                ) : device.activity && device.activity !== 'idle' ? (
                  // the receipt printer's own state: a receipt on its way is not a printer out of paper
                  <Dot ok={device.activity === 'printing'} label={t.shell.receiptActivity[device.activity]} />
                ) : device.waiting ? (
                  <Dot ok={false} label={t.shell.paperOut} />
                ) : (
                  <Dot ok={device.present} label={device.present ? t.shell.present : t.shell.absent} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {stamps ? <TodayStamps changed={changed} /> : null}
    </div>
  );
}

function TokenList({ slots }: { slots: SlotView[] }) {
  const { t } = useLocale();
  const s = t.shell;
  const present = slots.filter((slot) => slot.token?.flags.initialized || slot.present);
  if (present.length === 0) return <p class="muted">{s.noTokens}</p>;
  return (
    <ul class="items" data-testid="tokens">
      {present.map((slot) => {
        const token = slot.token;
        const flags = token?.flags;
        const state = !slot.present || !token ? (
          <Dot ok={false} label={s.absent} />
        ) : !flags?.initialized ? (
          <Dot ok={false} label={s.notInitialised} />
        ) : flags.userPinLocked ? (
          <Dot ok={false} label={s.pinLocked} />
        ) : (
          <Dot ok label={token.loggedIn ? s.loggedIn : flags.userPinCountLow || flags.userPinFinalTry ? s.pinLow : s.present} />
        );
        return (
          <li key={`${slot.module}-${slot.slotId}`}>
            <span class="item-name">{token?.label || slot.description}</span>
            {state}
          </li>
        );
      })}
    </ul>
  );
}

/** Today's stamps with their anchor status: pending → anchored, with the block. */
export function TodayStamps({ changed = 0 }: { changed?: number }) {
  const { t, locale } = useLocale();
  const stamps = useApi(() => api.stamps(today()), [changed]);
  const seals = useApi(() => api.seals());
  const names = new Map(listOf<SealView>(seals.data, 'seals').map((seal) => [seal.id, seal.name]));
  const rows = listOf<StampJob>(stamps.data, 'stamps');
  // pending → anchored without a reload: the list asks again while a stamp waits for the chain
  usePollWhile(rows.some((row) => row.status === 'running' || row.anchor?.status === 'pending'), stamps.reload);
  return (
    <Section title={t.shell.today} loaded={stamps} testId="stamps-panel">
      {rows.length === 0 ? (
        <p class="muted">{t.shell.noStamps}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t.counter.time}</th>
              <th scope="col">{t.counter.seal}</th>
              <th scope="col">{t.counter.status}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid="stamp-row" data-stamp-id={row.id} data-anchor={row.anchor?.status ?? 'none'}>
                <td>{new Date(row.result?.time ?? row.createdAt).toLocaleTimeString(locale, { hour12: false })}</td>
                <td>{names.get(row.sealId) ?? row.sealId}</td>
                <td>
                  {row.status === 'failed' ? (
                    <Dot ok={false} label={t.shell.failed} />
                  ) : row.status === 'running' ? (
                    <span class="pending">{t.shell.running}</span>
                  ) : row.anchor?.status === 'anchored' ? (
                    <span title={row.anchor.txHash}>
                      <Dot ok label={t.shell.anchored(row.anchor.blockNumber)} />
                    </span>
                  ) : (
                    <span class="pending">{t.shell.pending}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
