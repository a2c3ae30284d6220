import { useLocale } from '../i18n/locale.js';

interface Props {
  /** The inputs' `name` prefix: each form's fields stay distinct on the page. */
  field: string;
  name: string;
  nameEn: string;
  onName(value: string): void;
  onNameEn(value: string): void;
}

/** An organisation's Chinese name (required) and English name (optional), with the service's length limits. */
export function OrganisationNameFields({ field, name, nameEn, onName, onNameEn }: Props) {
  const d = useLocale().t.admin.directory;
  return (
    <div class="form-row">
      <label>
        <span>{d.nameZh}</span>
        <input name={field} required maxLength={100} value={name} onInput={(e) => onName(e.currentTarget.value)} />
      </label>
      <label>
        <span>{d.nameEn}</span>
        <input name={`${field}-en`} lang="en" maxLength={200} value={nameEn} onInput={(e) => onNameEn(e.currentTarget.value)} />
      </label>
    </div>
  );
}
