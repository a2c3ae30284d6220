import type { SealView, TerminalGrantView, TerminalView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { TerminalGrantForm } from './terminal-grant-form.js';

interface TerminalTableProps {
  terminals: TerminalView[];
  /** The administrator's seals that may be granted (not revoked). */
  seals: SealView[];
  busy: boolean;
  onGrant(address: string, sealId: string): void;
  onWithdraw(address: string, sealId: string): void;
}

/** One row a terminal: its name and chain address, kind, organisation, registration time, the seals granted to it (withdraw each), and one more to grant. */
export function TerminalTable({ terminals, seals, busy, onGrant, onWithdraw }: TerminalTableProps) {
  const { t, locale } = useLocale();
  const a = t.admin.terminals;
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale, { hour12: false }) : '—');
  const sealText = (g: TerminalGrantView) => (g.outsideScope ? a.otherOrganisationSeal : g.sealName ? `${g.sealName}（${g.organisationName ?? ''}）` : `${g.sealId.slice(0, 10)}… (${a.unknownSeal})`);
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
                  <ul class="items terminal-grants">
                    {terminal.grants.map((g) => (
                      <li key={g.sealId} data-testid="terminal-grant" data-seal={g.sealId}>
                        <span>
                          {sealText(g)}
                          <div class="muted small">{`${a.grantedAt} ${time(g.grantedAt)}`}</div>
                        </span>
                        {/* withdrawing another organisation's seal is its administrators' decision (the route refuses it) */}
                        {g.outsideScope ? null : (
                          <button type="button" class="small" disabled={busy} onClick={() => onWithdraw(terminal.address, g.sealId)}>
                            {a.withdraw}
                            <span class="visually-hidden"> {`${g.sealName ?? g.sealId} · ${terminal.name ?? terminal.address}`}</span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {terminal.organisationId ? <TerminalGrantForm terminal={terminal} seals={seals} busy={busy} onGrant={(sealId) => onGrant(terminal.address, sealId)} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
