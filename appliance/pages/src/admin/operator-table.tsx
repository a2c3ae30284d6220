import type { OperatorView, OrganisationView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { changeOperator, type ChangedOperator } from './operator-change.js';
import { OperatorRoleChoice } from './operator-role-choice.js';
import { orgName } from './org-name.js';
import { useAction } from './use-action.js';

/** The operators and kiosk terminals of the administrator's subtree: change a person's role, disable or enable anyone. */
export function OperatorTable({ operators, organisations, onChanged }: { operators: OperatorView[]; organisations: OrganisationView[]; onChanged(): void }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  const change = useAction(changeOperator, onChanged);
  const names = new Map(organisations.map((o) => [o.id, orgName(o, locale)]));
  const notice = ({ change: asked, operator }: ChangedOperator) =>
    'role' in asked ? d.roleChanged(operator.displayName, t.roles[operator.role] ?? operator.role) : operator.disabled ? d.disabledNow(operator.displayName) : d.enabledNow(operator.displayName);
  if (operators.length === 0) return <p class="muted">{t.admin.empty}</p>;
  return (
    <>
      <div class="table-scroll">
        <table class="table" aria-labelledby="operators-title">
          <thead>
            <tr>
              <th scope="col">{d.displayName}</th>
              <th scope="col">{d.username}</th>
              <th scope="col">{t.admin.role}</th>
              <th scope="col">{t.admin.organisation}</th>
              <th scope="col">{t.admin.status}</th>
              <th scope="col">{d.actions}</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((op) => (
              <tr key={op.id} data-testid="operator-row" data-username={op.username} data-disabled={op.disabled ? 'yes' : 'no'}>
                <td>{op.displayName}</td>
                <td>
                  <code>{op.username}</code>
                </td>
                <td>{t.roles[op.role] ?? op.role}</td>
                <td>{names.get(op.organisationId) ?? op.organisationId}</td>
                <td class="operator-status">{op.disabled ? d.disabled : d.enabled}</td>
                <td>
                  <div class="actions">
                    {op.role === 'kiosk' ? null : <OperatorRoleChoice operator={op} busy={change.busy} onSave={(role) => void change.run({ operator: op, role })} />}
                    <button type="button" class="small" disabled={change.busy} onClick={() => void change.run({ operator: op, disabled: !op.disabled })}>
                      {op.disabled ? d.enable : d.disable}
                      <span class="visually-hidden"> {op.displayName}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {change.error !== undefined ? <ErrorBox error={change.error} /> : null}
      {change.result ? <Notice testId="operator-changed">{notice(change.result)}</Notice> : null}
    </>
  );
}
