import { useState } from 'preact/hooks';
import { adminApi, type OrganisationView, type RenameOrganisationRequest } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { LabelledSelect } from './labelled-select.js';
import { Notice } from './notice.js';
import { OrganisationNameFields } from './organisation-name-fields.js';
import { orgName } from './org-name.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

/** A new name (Chinese, and English or none) for one of the administrator's organisations; its level and place stay. */
export function OrganisationRenameForm({ organisations, onRenamed }: { organisations: OrganisationView[]; onRenamed(): void }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  const [chosen, setChosen] = useState('');
  const organisation = organisations.find((o) => o.id === chosen) ?? organisations[0];
  if (!organisation) return null;
  return (
    <div class="admin-form" role="group" aria-labelledby="organisation-rename-title" data-testid="organisation-rename">
      <h3 id="organisation-rename-title">{d.rename}</h3>
      <LabelledSelect id="organisation-rename-which" label={d.renameWhich} value={organisation.id} onChange={setChosen}>
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {orgName(o, locale)}
          </option>
        ))}
      </LabelledSelect>
      {/* keyed: choosing another organisation starts from its current names */}
      <RenameFields key={organisation.id} organisation={organisation} onRenamed={onRenamed} />
    </div>
  );
}

function RenameFields({ organisation, onRenamed }: { organisation: OrganisationView; onRenamed(): void }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  const [name, setName] = useState(organisation.name);
  const [nameEn, setNameEn] = useState(organisation.nameEn ?? '');
  const rename = useAction((body: RenameOrganisationRequest) => adminApi.renameOrganisation(organisation.id, body), onRenamed);

  const submit = (event: Event) => {
    event.preventDefault();
    // an emptied English name is cleared, not kept
    void rename.run({ name: name.trim(), nameEn: nameEn.trim() || null });
  };

  return (
    <form onSubmit={submit}>
      <OrganisationNameFields field="organisation-new-name" name={name} nameEn={nameEn} onName={setName} onNameEn={setNameEn} />
      <div class="actions">
        <SubmitButton label={d.renameSubmit} busy={rename.busy} />
      </div>
      {rename.error !== undefined ? <ErrorBox error={rename.error} /> : null}
      {rename.result ? <Notice testId="organisation-renamed">{d.renamed(orgName(rename.result, locale))}</Notice> : null}
    </form>
  );
}
