import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type Role, type Session } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { useLocale } from '../i18n/locale.js';
import { ErrorBox } from './error-box.js';

export interface SessionState {
  /** undefined while asking the API, null when nobody is signed in. */
  session: Session | null | undefined;
  setSession(session: Session | null): void;
  signOut(): Promise<void>;
}

/**
 * The cookie session as GET /api/session reports it, for a page meant for these roles. A session
 * of another role (the kiosk's, or a clerk's, left in this browser) is not this page's: the page
 * asks for its own sign-in instead of showing its sections to someone who may not use them.
 */
export function useSession(roles: readonly Role[]): SessionState {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .session()
      .then((s) => live && setSession(s && typeof s === 'object' && 'role' in s && roles.includes(s.role) ? s : null))
      .catch(() => live && setSession(null));
    return () => {
      live = false;
    };
  }, []);
  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    setSession(null);
  }, []);
  return { session, setSession, signOut };
}

interface SignInFormProps {
  title: string;
  /** 'password' for people, 'terminal' for a kiosk's terminal credential. */
  kind: 'password' | 'terminal';
  /** Roles this page is for; a session of another role is refused with FORBIDDEN's sentence. */
  roles: readonly Role[];
  onSignedIn(session: Session): void;
}

export function SignInForm({ title, kind, roles, onSignedIn }: SignInFormProps) {
  const { t } = useLocale();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = kind === 'password' ? await api.signIn(name, secret) : await api.signInTerminal(name, secret);
      if (!roles.includes(session.role)) {
        await api.signOut().catch(() => undefined);
        throw new ApiError(403, {
          code: 'FORBIDDEN',
          message_zh: '您的角色或所属机构无权执行此操作。',
          message_en: 'Your role or organisation may not do this.',
        });
      }
      onSignedIn(session);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setSecret('');
    }
  };
  return (
    <form class="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title" data-testid="sign-in">
      <h2 id="sign-in-title">{title}</h2>
      <label>
        <span>{kind === 'password' ? t.username : t.terminal}</span>
        <input name="username" autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        <span>{kind === 'password' ? t.password : t.credential}</span>
        <input name="password" type="password" autocomplete="current-password" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
      </label>
      {error !== undefined ? <ErrorBox error={error} /> : null}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.signingIn : t.signIn}
      </button>
    </form>
  );
}
