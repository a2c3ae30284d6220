import type { OperatorView, OrganisationView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { orgName } from './org-name.js';

/** The operators and kiosk terminals of the administrator's subtree. */
export function OperatorTable({ operators, organisations }: { operators: OperatorView[]; organisations: OrganisationView[] }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  const names = new Map(organisations.map((o) => [o.id, orgName(o, locale)]));
  if (operators.length === 0) return <p class="muted">{t.admin.empty}</p>;
  return (
    <div class="table-scroll">
      <table class="table" aria-labelledby="operators-title">
        <thead>
          <tr>
            <th scope="col">{d.displayName}</th>
            <th scope="col">{d.username}</th>
            <th scope="col">{t.admin.role}</th>
            <th scope="col">{t.admin.organisation}</th>
            <th scope="col">{t.admin.status}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((op) => (
            <tr key={op.id} data-testid="operator-row" data-username={op.username}>
              <td>{op.displayName}</td>
              <td>
                <code>{op.username}</code>
              </td>
              <td>{t.roles[op.role] ?? op.role}</td>
              <td>{names.get(op.organisationId) ?? op.organisationId}</td>
              <td>{op.disabled ? d.disabled : d.enabled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
