import { useState } from 'preact/hooks';
import { adminApi, type SlotView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { useAction } from './use-action.js';
import { SubmitButton } from './submit-button.js';

/** Initialises the blank token of a free slot: its label, SO PIN and user PIN. */
export function TokenInitForm({ slot, onDone }: { slot: SlotView; onDone(): void }) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const [label, setLabel] = useState('');
  const [soPin, setSoPin] = useState('');
  const [pin, setPin] = useState('');
  const init = useAction((body: { label: string; soPin: string; pin: string }) => adminApi.initToken(slot.slotId, body), onDone);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { label: label.trim(), soPin, pin };
    setSoPin('');
    setPin('');
    if (await init.run(body)) setLabel('');
  };
  const title = a.initTitle(slot.index);
  return (
    <form class="admin-form" onSubmit={submit} data-testid="token-init" aria-label={title}>
      <h3>{title}</h3>
      <div class="form-row">
        <label>
          <span>{a.label}</span>
          <input name="token-label" required maxLength={32} autocomplete="off" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label>
          <span>{a.soPin}</span>
          <input name="token-so-pin" type="password" autocomplete="new-password" required value={soPin} onInput={(e) => setSoPin(e.currentTarget.value)} />
        </label>
        <label>
          <span>{a.userPin}</span>
          <input name="token-user-pin" type="password" autocomplete="new-password" required value={pin} onInput={(e) => setPin(e.currentTarget.value)} />
        </label>
      </div>
      <div class="actions">
        <SubmitButton label={a.init} busy={init.busy} />
      </div>
      {init.error !== undefined ? <ErrorBox error={init.error} /> : null}
      {init.result ? <Notice>{a.initialised(init.result.label)}</Notice> : null}
    </form>
  );
}
