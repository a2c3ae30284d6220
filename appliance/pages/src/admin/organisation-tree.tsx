import type { OrganisationView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { orgName } from './org-name.js';

/** The organisations as a nested list, parents before children (the API's order). */
export function OrganisationTree({ organisations }: { organisations: OrganisationView[] }) {
  const ids = new Set(organisations.map((o) => o.id));
  const roots = organisations.filter((o) => o.parentId === null || !ids.has(o.parentId));
  return (
    <ul class="org-tree" data-testid="org-tree">
      {roots.map((o) => (
        <Branch key={o.id} organisation={o} all={organisations} />
      ))}
    </ul>
  );
}

function Branch({ organisation, all }: { organisation: OrganisationView; all: OrganisationView[] }) {
  const { t, locale } = useLocale();
  const children = all.filter((o) => o.parentId === organisation.id);
  return (
    <li>
      <span>{orgName(organisation, locale)}</span> <span class="muted small">{t.admin.directory.levels[organisation.level] ?? organisation.level}</span>
      {children.length > 0 ? (
        <ul>
          {children.map((child) => (
            <Branch key={child.id} organisation={child} all={all} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
