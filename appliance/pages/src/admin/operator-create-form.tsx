import { useState } from 'preact/hooks';
import { adminApi, type CreateOperatorRequest, type OrganisationView, type Role } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { orgName } from './org-name.js';
import { TerminalCredential } from './terminal-credential.js';
import { useAction } from './use-action.js';
import { LabelledSelect } from './labelled-select.js';
import { SubmitButton } from './submit-button.js';

const ROLES: readonly Role[] = ['clerk', 'kiosk', 'admin', 'auditor'];

/** A new operator (with a password) or kiosk terminal (its credential shown once) in one of the administrator's organisations. */
export function OperatorCreateForm({ organisations, onCreated }: { organisations: OrganisationView[]; onCreated(): void }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [orgId, setOrgId] = useState('');
  const [password, setPassword] = useState('');
  const create = useAction((body: CreateOperatorRequest) => adminApi.createOperator(body), onCreated);
  const organisationId = orgId || organisations[0]?.id || '';
  const kiosk = role === 'kiosk';

  const submit = async (event: Event) => {
    event.preventDefault();
    const body: CreateOperatorRequest = { username: username.trim(), displayName: displayName.trim(), role, organisationId, ...(kiosk ? {} : { password }) };
    setPassword('');
    if (await create.run(body)) {
      setUsername('');
      setDisplayName('');
    }
  };

  return (
    <form class="admin-form" onSubmit={submit} aria-labelledby="operator-create-title" data-testid="operator-create">
      <h3 id="operator-create-title">{d.create}</h3>
      <div class="form-row">
        <label>
          <span>{d.username}</span>
          <input name="operator-username" required minLength={3} maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" autocomplete="off" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          <span>{d.displayName}</span>
          <input name="operator-display-name" required maxLength={50} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        </label>
      </div>
      <div class="form-row">
        <LabelledSelect id="operator-role" label={t.admin.role} value={role} onChange={(v) => setRole(v as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t.roles[value] ?? value}
              </option>
            ))}
        </LabelledSelect>
        <LabelledSelect id="operator-organisation" label={t.admin.organisation} value={organisationId} onChange={(v) => setOrgId(v)}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {orgName(o, locale)}
              </option>
            ))}
        </LabelledSelect>
      </div>
      {kiosk ? (
        <p class="muted small">{d.kioskNote}</p>
      ) : (
        <label>
          <span>{d.password}</span>
          <input name="operator-password" type="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
      )}
      <div class="actions">
        <SubmitButton label={d.submit} busy={create.busy} disabled={!organisationId} />
      </div>
      {create.error !== undefined ? <ErrorBox error={create.error} /> : null}
      {create.result ? <Notice testId="operator-created">{d.created(create.result.operator.displayName)}</Notice> : null}
      {create.result?.terminalCredential ? <TerminalCredential terminal={create.result.operator.username} credential={create.result.terminalCredential} onDismiss={create.reset} /> : null}
    </form>
  );
}
