import { Layout } from '../components/layout.js';
import { useLocale } from '../i18n/locale.js';

/** `/`: the four pages, each with who it is for. */
export function LandingPage() {
  const { t } = useLocale();
  const l = t.landing;
  const links = [
    { href: '/counter', title: l.counter, hint: l.counterHint, icon: '印' },
    { href: '/kiosk', title: l.kiosk, hint: l.kioskHint, icon: '证' },
    { href: '/admin', title: l.admin, hint: l.adminHint, icon: '管' },
    { href: '/verify', title: l.verify, hint: l.verifyHint, icon: '验' },
  ];
  return (
    <Layout title={l.title}>
      <p class="intro">{l.intro}</p>
      <nav aria-label={l.title}>
        <ul class="tiles">
          {links.map((link) => (
            <li key={link.href}>
              <a class="tile" href={link.href}>
                <span class="tile-icon" aria-hidden="true">
                  {link.icon}
                </span>
                <span class="tile-title">{link.title}</span>
                <span class="tile-hint">{link.hint}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </Layout>
  );
}
