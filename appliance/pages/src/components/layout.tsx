import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Session } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { LocaleSwitch } from './locale-switch.js';

interface LayoutProps {
  title: string;
  children: ComponentChildren;
  session?: Session | null | undefined;
  onSignOut?: (() => void) | undefined;
  /** The kiosk: full screen, large touch targets. */
  variant?: 'default' | 'kiosk';
}

/** Every page: a header with the page title, the language switch and (signed in) the user. */
export function Layout({ title, children, session, onSignOut, variant = 'default' }: LayoutProps) {
  const { t } = useLocale();
  useEffect(() => {
    document.title = `${title} · ${t.appName}`;
  }, [title, t]);
  return (
    <div class={`page page-${variant}`}>
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          {t.appName}
        </a>
        <span class="topbar-title">{title}</span>
        <div class="topbar-tools">
          {session ? (
            <span class="who" data-testid="who">
              {t.signedInAs(session.displayName || session.username, t.roles[session.role] ?? session.role)}
            </span>
          ) : null}
          {session && onSignOut ? (
            <button type="button" onClick={onSignOut}>
              {t.signOut}
            </button>
          ) : null}
          <LocaleSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 class="page-title">{title}</h1>
        {children}
      </main>
    </div>
  );
}
