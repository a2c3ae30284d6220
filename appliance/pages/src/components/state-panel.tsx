import type { ComponentChildren } from 'preact';
import { api, listOf, today, type SealView, type SlotView, type StampJob } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { ErrorBox } from './error-box.js';
import { useApi, type Loaded } from './use-api.js';

type Item = Record<string, unknown>;

const text = (item: Item, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = item[key];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
};

/** A device is ready when the API says it is present / connected / ok. */
function isPresent(item: Item): boolean {
  for (const key of ['present', 'connected', 'ready', 'ok', 'online']) if (typeof item[key] === 'boolean') return item[key];
  const state = text(item, 'state', 'status');
  return state ? /^(present|connected|ready|ok|online|idle|active)$/i.test(state) : true;
}

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

/** Tokens and devices at a glance (the counter's and the admin's left column). */
export function StatePanels({ stamps = false }: { stamps?: boolean }) {
  const { t } = useLocale();
  const tokens = useApi(() => api.tokens());
  const devices = useApi(() => api.devices());
  const deviceItems = listOf<Item>(devices.data, 'devices');
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
            {deviceItems.map((item, i) => (
              <li key={i}>
                <span class="item-name">{text(item, 'name', 'label', 'kind', 'type', 'id') ?? '?'}</span>
                <Dot ok={isPresent(item)} label={isPresent(item) ? t.shell.present : t.shell.absent} />
              </li>
            ))}
          </ul>
        )}
      </Section>
      {stamps ? <TodayStamps /> : null}
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
export function TodayStamps() {
  const { t, locale } = useLocale();
  const stamps = useApi(() => api.stamps(today()));
  const seals = useApi(() => api.seals());
  const names = new Map(listOf<SealView>(seals.data, 'seals').map((seal) => [seal.id, seal.name]));
  const rows = listOf<StampJob>(stamps.data, 'stamps');
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
              <tr key={row.id} data-testid="stamp-row">
                <td>{new Date(row.result?.time ?? row.createdAt).toLocaleTimeString(locale, { hour12: false })}</td>
                <td>{names.get(row.sealId) ?? row.sealId}</td>
                <td>
                  {row.status === 'failed' ? (
                    <Dot ok={false} label={t.shell.failed} />
                  ) : row.status === 'running' ? (
                    <span class="pending">{t.shell.running}</span>
                  ) : row.anchor?.status === 'anchored' ? (
                    <Dot ok label={t.shell.anchored(row.anchor.blockNumber)} />
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
