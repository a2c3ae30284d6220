import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { OperatorCreateForm } from './operator-create-form.js';
import { OperatorTable } from './operator-table.js';
import { OrganisationCreateForm } from './organisation-create-form.js';
import { OrganisationRenameForm } from './organisation-rename-form.js';
import { OrganisationTree } from './organisation-tree.js';
import { SectionHead } from './section-head.js';

/**
 * The organisation tree within the administrator's reach and its operators and terminals: a new
 * organisation below one of them or a new name, a person's role, disabling, a new operator.
 */
export function DirectorySection() {
  const { t } = useLocale();
  const d = t.admin.directory;
  const organisations = useApi(() => adminApi.organisations());
  const operators = useApi(() => adminApi.operators());
  const orgs = organisations.data ?? [];
  return (
    <section class="admin-section" aria-labelledby="directory-title" data-testid="directory-section">
      <SectionHead id="directory-title" title={t.admin.tabs.directory} onRefresh={() => (organisations.reload(), operators.reload())} />
      <div class="admin-workspace">
        <div aria-labelledby="orgs-title" role="region">
          <h3 id="orgs-title">{d.organisations}</h3>
          {organisations.error !== undefined ? <ErrorBox error={organisations.error} onRetry={organisations.reload} /> : <OrganisationTree organisations={orgs} />}
        </div>
        <div aria-labelledby="operators-title" role="region">
          <h3 id="operators-title">{d.operators}</h3>
          {operators.error !== undefined ? <ErrorBox error={operators.error} onRetry={operators.reload} /> : <OperatorTable operators={operators.data ?? []} organisations={orgs} onChanged={operators.reload} />}
        </div>
      </div>
      <OrganisationCreateForm organisations={orgs} onCreated={organisations.reload} />
      <OrganisationRenameForm organisations={orgs} onRenamed={organisations.reload} />
      <OperatorCreateForm organisations={orgs} onCreated={operators.reload} />
    </section>
  );
}
