import type { AuditEntryView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

/** What the entry acted on: its target, or the seal a creation made. */
const targetOf = (e: AuditEntryView): string | null => e.target ?? (typeof e.details.seal === 'string' ? e.details.seal : null);

/** Audit entries, newest first (as many pages as are loaded): who did what to which, and whether it was done, denied or failed. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  const { t, locale } = useLocale();
  const a = t.admin.audit;
  if (entries.length === 0) return <p class="muted">{a.empty}</p>;
  return (
    <div class="table-scroll">
      <table class="table" aria-labelledby="audit-entries-title" data-testid="audit-entries">
        <thead>
          <tr>
            <th scope="col">{a.seq}</th>
            <th scope="col">{a.time}</th>
            <th scope="col">{a.action}</th>
            <th scope="col">{a.actor}</th>
            <th scope="col">{a.target}</th>
            <th scope="col">{a.outcome}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
              <td>{e.seq}</td>
              <td>{new Date(e.time).toLocaleString(locale, { hour12: false })}</td>
              <td>
                {a.actionNames[e.action] ?? e.action}
                <div class="muted small">
                  <code>{e.action}</code>
                </div>
              </td>
              <td>{e.actor.username ?? e.actor.id}</td>
              <td>{targetOf(e) ? <code>{targetOf(e)}</code> : '—'}</td>
              <td>
                <span class={`badge badge-${e.outcome}`}>{a.outcomes[e.outcome] ?? e.outcome}</span>
                {e.errorCode ? <span class="small"> {e.errorCode}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
