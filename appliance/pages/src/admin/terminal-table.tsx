import type { TerminalGrantView, TerminalView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

/** One row a terminal: its name and chain address, kind, organisation, registration time, and the seals granted to it. */
export function TerminalTable({ terminals }: { terminals: TerminalView[] }) {
  const { t, locale } = useLocale();
  const a = t.admin.terminals;
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale, { hour12: false }) : '—');
  const sealText = (g: TerminalGrantView) => (g.sealName ? `${g.sealName}（${g.organisationName ?? ''}）` : `${g.sealId.slice(0, 10)}… (${a.unknownSeal})`);
  if (terminals.length === 0) return <p class="muted">{a.empty}</p>;
  return (
    <div class="table-scroll">
      <table class="table" aria-labelledby="terminals-title">
        <thead>
          <tr>
            <th scope="col">{a.terminal}</th>
            <th scope="col">{a.kind}</th>
            <th scope="col">{a.organisation}</th>
            <th scope="col">{a.registeredAt}</th>
            <th scope="col">{a.seals}</th>
          </tr>
        </thead>
        <tbody>
          {terminals.map((terminal) => (
            <tr key={terminal.address} data-testid="terminal-row" data-address={terminal.address}>
              <td>
                {terminal.name ?? a.recordPending}
                <div class="muted small">
                  <span class="visually-hidden">{a.address} </span>
                  <code>{terminal.address}</code>
                </div>
              </td>
              <td class="terminal-kind">{terminal.kind ? (a.kinds[terminal.kind] ?? terminal.kind) : '—'}</td>
              <td>{terminal.organisationName ?? terminal.organisationId ?? '—'}</td>
              <td>{time(terminal.registeredAt)}</td>
              <td>
                {terminal.grants.length === 0 ? (
                  <span class="muted">{a.noSeals}</span>
                ) : (
                  <ul class="items">
                    {terminal.grants.map((g) => (
                      <li key={g.sealId} data-testid="terminal-grant" data-seal={g.sealId}>
                        <span>
                          {sealText(g)}
                          <div class="muted small">{`${a.grantedAt} ${time(g.grantedAt)}`}</div>
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
