import { useState } from 'preact/hooks';
import { api, listOf } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { Layout } from '../components/layout.js';
import { SignInForm, useSession } from '../components/session.js';
import { StatePanels } from '../components/state-panel.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';

type Item = Record<string, unknown>;

const SECTIONS = {
  tokens: { load: api.tokens, key: 'tokens', columns: ['label', 'serial', 'present'] },
  seals: { load: api.seals, key: 'seals', columns: ['name', 'type', 'status', 'id'] },
  organisations: { load: api.organisations, key: 'organisations', columns: ['name', 'level', 'uscc', 'id'] },
  operators: { load: api.operators, key: 'operators', columns: ['displayName', 'username', 'role', 'organisationId'] },
  templates: { load: api.templates, key: 'templates', columns: ['name_zh', 'name_en', 'name', 'id'] },
  audit: { load: api.audit, key: 'entries', columns: ['seq', 'at', 'action', 'actor'] },
} as const;
type SectionName = keyof typeof SECTIONS;

/** The seal administrator's (and auditor's) page: sign in, then one tab per resource. */
export function AdminPage() {
  const { t } = useLocale();
  const { session, setSession, signOut } = useSession();
  const [section, setSection] = useState<SectionName>('tokens');
  return (
    <Layout title={t.admin.title} session={session} onSignOut={() => void signOut()}>
      {session === undefined ? (
        <p class="muted">{t.loading}</p>
      ) : session === null ? (
        <SignInForm title={t.admin.signInTitle} kind="password" roles={['admin', 'auditor']} onSignedIn={setSession} />
      ) : (
        <div class="workspace">
          <StatePanels />
          <section class="card">
            <nav class="tabs" aria-label={t.admin.title}>
              {(Object.keys(SECTIONS) as SectionName[]).map((name) => (
                <button key={name} type="button" class={name === section ? 'tab active' : 'tab'} aria-pressed={name === section} onClick={() => setSection(name)}>
                  {t.admin.sections[name]}
                </button>
              ))}
            </nav>
            <SectionTable key={section} name={section} />
            {section === 'audit' ? <AuditVerify /> : null}
          </section>
        </div>
      )}
    </Layout>
  );
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function SectionTable({ name }: { name: SectionName }) {
  const { t } = useLocale();
  const spec = SECTIONS[name];
  const loaded = useApi(() => spec.load());
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.loading && loaded.data === undefined) return <p class="muted">{t.loading}</p>;
  const rows = listOf<Item>(loaded.data, spec.key);
  if (rows.length === 0) return <p class="muted">{t.admin.empty}</p>;
  const columns = spec.columns.filter((c) => rows.some((r) => r[c] !== undefined));
  return (
    <table class="table" aria-label={t.admin.sections[name]}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{cell(row[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AuditVerify() {
  const { t } = useLocale();
  const result = useApi(() => api.auditVerify());
  if (result.error !== undefined) return <ErrorBox error={result.error} />;
  if (result.data === undefined) return null;
  const ok = typeof result.data === 'object' && result.data !== null && (result.data as Item).ok === true;
  return <p class={`verdict ${ok ? 'verdict-valid' : 'verdict-invalid'}`}>{ok ? t.admin.auditOk : t.admin.auditBroken}</p>;
}
