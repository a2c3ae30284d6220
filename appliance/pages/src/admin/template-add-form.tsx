import { useState } from 'preact/hooks';
import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

/** The pasted text as a JSON object, or undefined when it is not one. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A template added by pasting its JSON descriptor; the service checks it and names what is wrong. */
export function TemplateAddForm({ onAdded }: { onAdded(): void }) {
  const { t, locale } = useLocale();
  const m = t.admin.templates;
  const [text, setText] = useState('');
  const [notJson, setNotJson] = useState(false);
  const add = useAction((descriptor: Record<string, unknown>) => adminApi.addTemplate(descriptor), onAdded);
  const submit = async (event: Event) => {
    event.preventDefault();
    const descriptor = parseObject(text);
    setNotJson(descriptor === undefined);
    if (descriptor && (await add.run(descriptor))) setText('');
  };
  return (
    <form class="admin-form" onSubmit={submit} aria-labelledby="template-add-title" data-testid="template-add">
      <h3 id="template-add-title">{m.add}</h3>
      <label>
        <span>{m.json}</span>
        <textarea name="template-json" required spellcheck={false} aria-invalid={notJson} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      {notJson ? <p class="field-error">{m.notJson}</p> : null}
      <div class="actions">
        <SubmitButton label={m.submit} busy={add.busy} />
      </div>
      {add.error !== undefined ? <ErrorBox error={add.error} /> : null}
      {add.result ? <Notice testId="template-added">{m.added(locale === 'en' ? add.result.title.en : add.result.title.zh)}</Notice> : null}
    </form>
  );
}
