import type { TemplateView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';

type Field = TemplateView['fields'][number];

/** Whether a kiosk can issue the template: every required field is one the citizen fills in. */
export function citizenCanIssue(template: TemplateView): boolean {
  return template.fields.every((field) => field.filledBy === 'citizen' || !field.required || field.default !== undefined);
}

/** The values a template starts with: each field's default. */
export function initialValues(template: TemplateView): Record<string, string> {
  return Object.fromEntries(template.fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default ?? '']));
}

interface TemplateFormProps {
  template: TemplateView;
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
  onSubmit(): void;
  onBack(): void;
}

/** The citizen's fields of a template, as large touch targets: choices as big radio tiles. */
export function TemplateForm({ template, values, onChange, onSubmit, onBack }: TemplateFormProps) {
  const { t, locale } = useLocale();
  const k = t.kiosk;
  const label = (f: Field) => (locale === 'en' ? f.label.en : f.label.zh) + (f.required ? '' : k.optional);
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <form
      class="kiosk-form"
      data-testid="kiosk-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h2>{k.fillIn}</h2>
      {template.fields
        .filter((f) => f.filledBy === 'citizen')
        .map((f) =>
          f.kind === 'choice' ? (
            <fieldset key={f.name} class="kiosk-choices">
              <legend>{label(f)}</legend>
              {(f.options ?? []).map((option) => (
                <label key={option} class={`kiosk-choice${values[f.name] === option ? ' selected' : ''}`}>
                  <input type="radio" name={f.name} value={option} checked={values[f.name] === option} required={f.required} onChange={() => set(f.name, option)} />
                  {option}
                </label>
              ))}
            </fieldset>
          ) : (
            <label key={f.name} class="kiosk-field">
              <span>{label(f)}</span>
              {f.kind === 'date' ? (
                <input name={f.name} type="date" value={values[f.name] ?? ''} required={f.required} onInput={(e) => set(f.name, e.currentTarget.value)} />
              ) : (
                <input name={f.name} type="text" value={values[f.name] ?? ''} required={f.required} {...(f.maxLength ? { maxLength: f.maxLength } : {})} onInput={(e) => set(f.name, e.currentTarget.value)} />
              )}
            </label>
          ),
        )}
      <div class="kiosk-actions">
        <button type="button" class="huge" onClick={onBack}>
          {k.back}
        </button>
        <button type="submit" class="primary huge" data-testid="kiosk-to-preview">
          {k.toPreview}
        </button>
      </div>
    </form>
  );
}
