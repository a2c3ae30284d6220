import { useState } from 'preact/hooks';
import { adminApi, TOKEN_KEY_TYPES, type TokenKeyType } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { LabelledSelect } from './labelled-select.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

/** Generates a key pair on the token; the user PIN is needed unless the token is signed in. */
export function KeyGenerateForm({ serial, onGenerated }: { serial: string; onGenerated(): void }) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const [type, setType] = useState<TokenKeyType>('ec-p256');
  const [label, setLabel] = useState('');
  const [pin, setPin] = useState('');
  const generate = useAction((body: { type: TokenKeyType; label: string; pin?: string }) => adminApi.generateKey(serial, body), onGenerated);
  const submit = async (event: Event) => {
    event.preventDefault();
    const entered = pin;
    setPin('');
    if (await generate.run({ type, label: label.trim(), ...(entered ? { pin: entered } : {}) })) setLabel('');
  };
  return (
    <form class="admin-form" onSubmit={submit} data-testid="key-generate" aria-label={a.generate}>
      <div class="form-row">
        <LabelledSelect id={`key-type-${serial}`} label={a.keyType} value={type} onChange={(v) => setType(v as TokenKeyType)}>
          {TOKEN_KEY_TYPES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </LabelledSelect>
        <label>
          <span>{a.keyLabel}</span>
          <input name="key-label" required maxLength={64} autocomplete="off" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label>
          <span>{a.userPin}</span>
          <input name="key-pin" type="password" autocomplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} />
        </label>
      </div>
      <div class="actions">
        <SubmitButton label={a.generate} busy={generate.busy} small />
      </div>
      {generate.error !== undefined ? <ErrorBox error={generate.error} /> : null}
      {generate.result ? <Notice>{a.generated(generate.result.label)}</Notice> : null}
    </form>
  );
}
