import { useState } from 'preact/hooks';
import type { TokenPinResult } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

interface TokenPinFormProps {
  title: string;
  /** Label of the first PIN: the current user PIN or the SO PIN. */
  firstLabel: string;
  testId: string;
  send(first: string, newPin: string): Promise<TokenPinResult>;
  onDone(): void;
}

/** Two PINs (current or SO PIN, and the new user PIN) for one PIN operation; both fields are cleared on submit. */
export function TokenPinForm({ title, firstLabel, testId, send, onDone }: TokenPinFormProps) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const [first, setFirst] = useState('');
  const [newPin, setNewPin] = useState('');
  const action = useAction((p: string, n: string) => send(p, n), onDone);
  const submit = async (event: Event) => {
    event.preventDefault();
    const [p, n] = [first, newPin];
    setFirst('');
    setNewPin('');
    await action.run(p, n);
  };
  return (
    <form class="admin-form" onSubmit={submit} data-testid={testId} aria-label={title}>
      <div class="form-row">
        <label>
          <span>{firstLabel}</span>
          <input name={`${testId}-first`} type="password" autocomplete="off" required value={first} onInput={(e) => setFirst(e.currentTarget.value)} />
        </label>
        <label>
          <span>{a.newPin}</span>
          <input name={`${testId}-new`} type="password" autocomplete="new-password" required value={newPin} onInput={(e) => setNewPin(e.currentTarget.value)} />
        </label>
        <SubmitButton label={title} busy={action.busy} small />
      </div>
      {action.error !== undefined ? <ErrorBox error={action.error} /> : null}
      {action.result ? <Notice>{a.pinDone[action.result.userPin]}</Notice> : null}
    </form>
  );
}
