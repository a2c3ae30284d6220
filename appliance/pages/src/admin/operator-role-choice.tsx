import { useState } from 'preact/hooks';
import type { OperatorView, Role } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

/** The roles a person's account may take: a kiosk stays a kiosk and a person never becomes one (the service refuses both). */
const PERSON_ROLES: readonly Role[] = ['clerk', 'admin', 'auditor'];

/** A person's role in a table row: choose, then save; nothing is sent until the button. */
export function OperatorRoleChoice({ operator, busy, onSave }: { operator: OperatorView; busy: boolean; onSave(role: Role): void }) {
  const { t } = useLocale();
  const d = t.admin.directory;
  const [role, setRole] = useState<Role>(operator.role);
  const id = `operator-role-${operator.id}`;
  return (
    <span class="row-choice">
      {/* one select per row: its label says whose role it is */}
      <label class="visually-hidden" for={id}>
        {d.roleOf(operator.displayName)}
      </label>
      <select id={id} name={id} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
        {PERSON_ROLES.map((value) => (
          <option key={value} value={value}>
            {t.roles[value] ?? value}
          </option>
        ))}
      </select>
      <button type="button" class="small" disabled={busy || role === operator.role} onClick={() => onSave(role)}>
        {d.saveRole}
        <span class="visually-hidden"> {operator.displayName}</span>
      </button>
    </span>
  );
}
