import { useState } from 'preact/hooks';
import { adminApi, type CreateOrganisationRequest, type OrganisationLevel, type OrganisationView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { levelsBelow } from './levels-below.js';
import { LabelledSelect } from './labelled-select.js';
import { Notice } from './notice.js';
import { OrganisationNameFields } from './organisation-name-fields.js';
import { orgName } from './org-name.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

/** A new organisation below one of the administrator's, at a level below its parent's. */
export function OrganisationCreateForm({ organisations, onCreated }: { organisations: OrganisationView[]; onCreated(): void }) {
  const { t, locale } = useLocale();
  const d = t.admin.directory;
  // a department has no level below it, so it cannot be a parent
  const parents = organisations.filter((o) => levelsBelow(o.level).length > 0);
  const [parentId, setParentId] = useState('');
  const [level, setLevel] = useState<OrganisationLevel | ''>('');
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [uscc, setUscc] = useState('');
  const create = useAction((body: CreateOrganisationRequest) => adminApi.createOrganisation(body), onCreated);
  const parent = parents.find((o) => o.id === parentId) ?? parents[0];
  const levels = parent ? levelsBelow(parent.level) : [];
  const chosenLevel = level !== '' && levels.includes(level) ? level : levels[0];

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!parent || !chosenLevel) return;
    const body: CreateOrganisationRequest = { parentId: parent.id, level: chosenLevel, name: name.trim(), nameEn: nameEn.trim() || null, ...(uscc.trim() ? { uscc: uscc.trim() } : {}) };
    if (await create.run(body)) {
      setName('');
      setNameEn('');
      setUscc('');
    }
  };

  return (
    <form class="admin-form" onSubmit={submit} aria-labelledby="organisation-create-title" data-testid="organisation-create">
      <h3 id="organisation-create-title">{d.organisationCreate}</h3>
      {parent === undefined ? (
        <p class="muted small">{d.noParent}</p>
      ) : (
        <>
          <div class="form-row">
            <LabelledSelect id="organisation-parent" label={d.parent} value={parent.id} onChange={setParentId}>
              {parents.map((o) => (
                <option key={o.id} value={o.id}>
                  {orgName(o, locale)}
                </option>
              ))}
            </LabelledSelect>
            <LabelledSelect id="organisation-level" label={d.level} value={chosenLevel ?? ''} onChange={(v) => setLevel(v as OrganisationLevel)}>
              {levels.map((value) => (
                <option key={value} value={value}>
                  {d.levels[value] ?? value}
                </option>
              ))}
            </LabelledSelect>
          </div>
          <OrganisationNameFields field="organisation-name" name={name} nameEn={nameEn} onName={setName} onNameEn={setNameEn} />
          <label>
            <span>{d.usccOptional}</span>
            <input name="organisation-uscc" minLength={18} maxLength={18} autocomplete="off" value={uscc} onInput={(e) => setUscc(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <SubmitButton label={d.organisationSubmit} busy={create.busy} />
          </div>
        </>
      )}
      {create.error !== undefined ? <ErrorBox error={create.error} /> : null}
      {create.result ? <Notice testId="organisation-created">{d.organisationCreated(orgName(create.result, locale))}</Notice> : null}
    </form>
  );
}
