import { useState } from 'preact/hooks';
import type { Role } from '../api/client.js';
import { Layout } from '../components/layout.js';
import { SignInForm, useSession } from '../components/session.js';
import { useLocale } from '../i18n/locale.js';
import { AclSection } from './acl-section.js';
import './admin.css';
import { AuditSection } from './audit-section.js';
import { DirectorySection } from './directory-section.js';
import { SealsSection } from './seals-section.js';
import { TemplatesSection } from './templates-section.js';
import { TerminalsSection } from './terminals-section.js';
import { TokensSection } from './tokens-section.js';

const SECTIONS = { tokens: TokensSection, seals: SealsSection, directory: DirectorySection, acl: AclSection, terminals: TerminalsSection, templates: TemplatesSection, audit: AuditSection } as const;
type SectionName = keyof typeof SECTIONS;

/** Who this page is for: a session of another role is asked to sign in here. */
const ROLES: readonly Role[] = ['admin', 'auditor'];

/** What each role may open: the auditor reads, the administrator manages. */
const TABS: Record<'admin' | 'auditor', readonly SectionName[]> = {
  admin: ['tokens', 'seals', 'directory', 'acl', 'terminals', 'templates', 'audit'],
  auditor: ['tokens', 'seals', 'templates', 'audit'],
};

/** The seal administrator's (and auditor's) page: sign in, then one section at a time. */
export function AdminPage() {
  const { t } = useLocale();
  const { session, setSession, signOut } = useSession(ROLES);
  return (
    <Layout title={t.admin.title} session={session} onSignOut={() => void signOut()}>
      {session === undefined ? (
        <p class="muted">{t.loading}</p>
      ) : session === null ? (
        <SignInForm title={t.admin.signInTitle} kind="password" roles={ROLES} onSignedIn={setSession} />
      ) : (
        <AdminSections role={session.role} />
      )}
    </Layout>
  );
}

function AdminSections({ role }: { role: Role }) {
  const { t } = useLocale();
  const tabs = TABS[role === 'auditor' ? 'auditor' : 'admin'];
  const [section, setSection] = useState<SectionName>('tokens');
  const Section = SECTIONS[section];
  return (
    <div class="card">
      <nav class="tabs" aria-label={t.admin.tabsLabel}>
        {tabs.map((name) => (
          <button key={name} type="button" class={name === section ? 'tab active' : 'tab'} aria-pressed={name === section} data-testid={`tab-${name}`} onClick={() => setSection(name)}>
            {t.admin.tabs[name]}
          </button>
        ))}
      </nav>
      <Section key={section} />
    </div>
  );
}
