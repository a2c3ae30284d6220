import { render } from 'preact';
import { AdminPage } from './admin/admin-page.js';
import { CounterPage } from './counter/counter-page.js';
import { LocaleProvider } from './i18n/locale.js';
import { KioskPage } from './kiosk/kiosk-page.js';
import { LandingPage } from './landing/landing-page.js';
import './styles.css';
import { VerifyPage } from './verify/verify-page.js';

/** One bundle for the five paths; the server answers each with the same index.html. */
const PAGES = { '/counter': CounterPage, '/kiosk': KioskPage, '/admin': AdminPage, '/verify': VerifyPage } as const;

function pageFor(path: string) {
  const first = `/${path.split('/')[1] ?? ''}`;
  return first in PAGES ? PAGES[first as keyof typeof PAGES] : LandingPage;
}

const Page = pageFor(location.pathname);
const root = document.getElementById('app');
if (root) {
  render(
    <LocaleProvider>
      <Page />
    </LocaleProvider>,
    root,
  );
}
