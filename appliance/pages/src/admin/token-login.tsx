import { useState } from 'preact/hooks';
import { adminApi, type SlotView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

type Token = NonNullable<SlotView['token']>;

/** C_Login with the user PIN (the PIN goes to the API and is then forgotten), or C_Logout. */
export function TokenLogin({ token, onChanged }: { token: Token; onChanged: () => void }) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const [pin, setPin] = useState('');
  const login = useAction((p: string) => adminApi.tokenLogin(token.serial, p), onChanged);
  const logout = useAction(() => adminApi.tokenLogout(token.serial), onChanged);
  const submit = async (event: Event) => {
    event.preventDefault();
    const entered = pin;
    setPin('');
    await login.run(entered);
  };
  const done = login.result ?? logout.result;
  return (
    <div>
      {token.loggedIn ? (
        <button type="button" class="small" disabled={logout.busy} onClick={() => void logout.run()}>
          {a.logout}
        </button>
      ) : (
        <form class="actions" onSubmit={submit}>
          <label class="visually-hidden" for={`pin-${token.serial}`}>
            {a.pin(token.label)}
          </label>
          <input id={`pin-${token.serial}`} type="password" autocomplete="off" required size={8} value={pin} onInput={(e) => setPin(e.currentTarget.value)} />
          <SubmitButton label={a.login} busy={login.busy} small />
        </form>
      )}
      {done ? <Notice>{done.loggedIn ? a.loggedIn(done.label) : a.loggedOut(done.label)}</Notice> : null}
      {login.error !== undefined ? <ErrorBox error={login.error} /> : null}
      {logout.error !== undefined ? <ErrorBox error={logout.error} /> : null}
    </div>
  );
}
