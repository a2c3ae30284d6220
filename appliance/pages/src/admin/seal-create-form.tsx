import { useState } from 'preact/hooks';
import { adminApi, type CreateSealRequest, type OrganisationView, type SealShape, type SealTypeName, type SlotView } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { ProgressBar } from '../components/progress.js';
import { useLocale } from '../i18n/locale.js';
import { orgName } from './org-name.js';
import { SealPreview } from './seal-preview.js';
import { useAction } from './use-action.js';
import { LabelledSelect } from './labelled-select.js';

const TYPES: readonly SealTypeName[] = ['official', 'contract', 'finance', 'business', 'legal-representative'];
const SHAPES: readonly SealShape[] = ['round', 'oval', 'square'];

interface SealCreateFormProps {
  /** undefined until loaded (or when loading failed: the section shows why, not "none"). */
  organisations: OrganisationView[] | undefined;
  slots: SlotView[] | undefined;
  onCreated(): void;
}

/**
 * A new seal: the key generated on the chosen token, the dev CA's certificate, the image drawn and
 * shown. When the CA's key is on another token that is closed, the service names it
 * (CA_LOGIN_REQUIRED, before any key is made) and the form asks for that token's own PIN.
 */
export function SealCreateForm({ organisations, slots, onCreated }: SealCreateFormProps) {
  const { t, locale } = useLocale();
  const s = t.admin.seals;
  const withUscc = (organisations ?? []).filter((o) => o.uscc);
  const tokens = (slots ?? []).flatMap((slot) => (slot.present && slot.token?.flags.initialized ? [slot.token] : []));
  const [name, setName] = useState('');
  const [type, setType] = useState<SealTypeName>('contract');
  const [shape, setShape] = useState<SealShape>('round');
  const [orgId, setOrgId] = useState('');
  const [serial, setSerial] = useState('');
  const [pin, setPin] = useState('');
  const [caPin, setCaPin] = useState('');
  // '' generates an EC P-256 key; otherwise a key already on the token (an SM2 key made on a GM key)
  const [existingKey, setExistingKey] = useState('');
  // the CA token the service asked for, kept once asked: the field stays for the next seal
  const [caToken, setCaToken] = useState<string | undefined>(undefined);
  const create = useAction(async (body: CreateSealRequest) => {
    try {
      return await adminApi.createSeal(body);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CA_LOGIN_REQUIRED') setCaToken(String(e.body?.details?.token ?? ''));
      throw e;
    }
  }, onCreated);
  const organisation = withUscc.find((o) => o.id === orgId) ?? withUscc[0];
  const tokenSerial = serial || tokens[0]?.serial || '';
  // keys with no certificate yet: a certified key already belongs to a seal
  const keys = useApi(() => (tokenSerial ? adminApi.tokenKeys(tokenSerial) : Promise.resolve(undefined)), [tokenSerial, create.result]);
  const freeKeys = (keys.data?.keys ?? []).filter((k) => k.hasPrivateKey && !k.hasCertificate);
  const keyLabel = freeKeys.some((k) => k.label === existingKey) ? existingKey : '';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!organisation?.uscc || !tokenSerial) return;
    const entered = pin;
    const enteredCa = caPin;
    setPin('');
    setCaPin('');
    const body: CreateSealRequest = { tokenSerial, name: name.trim(), type, shape, organisation: { name: organisation.name, uscc: organisation.uscc }, ...(keyLabel ? { existingKey: keyLabel } : {}), ...(entered ? { pin: entered } : {}), ...(enteredCa ? { caPin: enteredCa } : {}) };
    const created = await create.run(body);
    if (created) setName('');
  };

  return (
    <form class="admin-form" onSubmit={submit} aria-labelledby="seal-create-title" data-testid="seal-create">
      <h3 id="seal-create-title">{s.create}</h3>
      <div class="form-row">
        <label>
          <span>{s.name}</span>
          <input name="seal-name" required maxLength={64} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <LabelledSelect id="seal-type" label={s.type} value={type} onChange={(v) => setType(v as SealTypeName)}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {s.typeNames[value] ?? value}
              </option>
            ))}
        </LabelledSelect>
        <LabelledSelect id="seal-shape" label={s.shape} value={shape} onChange={(v) => setShape(v as SealShape)}>
            {SHAPES.map((value) => (
              <option key={value} value={value}>
                {s.shapes[value] ?? value}
              </option>
            ))}
        </LabelledSelect>
      </div>
      <div class="form-row">
        <LabelledSelect id="seal-organisation" label={t.admin.organisation} value={organisation?.id ?? ''} onChange={(v) => setOrgId(v)}>
            {withUscc.map((o) => (
              <option key={o.id} value={o.id}>
                {orgName(o, locale)}
              </option>
            ))}
        </LabelledSelect>
        <LabelledSelect id="seal-token" label={s.token} value={tokenSerial} onChange={(v) => setSerial(v)}>
            {tokens.map((token) => (
              <option key={token.serial} value={token.serial}>
                {`${token.label} (${token.serial})`}
              </option>
            ))}
        </LabelledSelect>
        <LabelledSelect id="seal-key" label={s.sealKey} value={keyLabel} onChange={(v) => setExistingKey(v)}>
            <option value="">{s.newKey}</option>
            {freeKeys.map((k) => (
              <option key={k.id || k.label} value={k.label}>
                {`${k.label} (${k.type})`}
              </option>
            ))}
        </LabelledSelect>
        <label>
          <span>{s.pin}</span>
          <input name="seal-pin" type="password" autocomplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} />
        </label>
        {caToken !== undefined ? (
          <label>
            <span>{s.caPin(caToken)}</span>
            <input name="seal-ca-pin" type="password" autocomplete="off" value={caPin} onInput={(e) => setCaPin(e.currentTarget.value)} />
          </label>
        ) : null}
      </div>
      {organisations && withUscc.length === 0 ? <p class="muted">{s.noOrganisation}</p> : null}
      {slots && tokens.length === 0 ? <p class="muted">{s.noToken}</p> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={create.busy || !organisation || !tokenSerial}>
          {keyLabel ? s.submitWithKey : s.submit}
        </button>
      </div>
      {create.busy ? <ProgressBar label={s.creating} /> : null}
      {create.error !== undefined ? <ErrorBox error={create.error} /> : null}
      {create.result ? <SealPreview seal={create.result} /> : null}
    </form>
  );
}
