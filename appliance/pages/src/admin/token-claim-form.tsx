import { useState } from 'preact/hooks';
import { adminApi, listOf, type OrganisationView, type SlotView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { LabelledSelect } from './labelled-select.js';
import { Notice } from './notice.js';
import { orgName } from './org-name.js';
import { SubmitButton } from './submit-button.js';
import { useAction } from './use-action.js';

type Token = NonNullable<SlotView['token']>;

/**
 * Which organisation the token belongs to, and the claim that binds it (POST
 * /api/tokens/:serial/claim): to one of the administrator's organisations. The service decides
 * (FORBIDDEN for a token above the admin's reach, or one holding seals of another organisation).
 */
export function TokenClaimForm({ token, onDone }: { token: Token; onDone(): void }) {
  const { t, locale } = useLocale();
  const a = t.admin.tokens;
  const organisations = useApi(() => adminApi.organisations());
  const list = listOf<OrganisationView>(organisations.data, 'organisations');
  const [chosen, setChosen] = useState('');
  const organisationId = chosen || list.find((o) => o.id !== token.organisationId)?.id || list[0]?.id || '';
  const claim = useAction((id: string) => adminApi.claimToken(token.serial, id), onDone);
  const nameOf = (id: string | null | undefined) => {
    const found = list.find((o) => o.id === id);
    return found ? orgName(found, locale) : (id ?? a.unbound);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (organisationId) await claim.run(organisationId);
  };
  const selectId = `token-claim-organisation-${token.serial}`;
  return (
    <form class="admin-form" onSubmit={submit} data-testid="token-claim" aria-label={a.claimTitle(token.label)}>
      <h4>{a.claimTitle(token.label)}</h4>
      <p class="small" data-testid="token-owner">
        {a.owner}: {token.organisationId ? nameOf(token.organisationId) : <span class="muted">{a.unbound}</span>}
      </p>
      <div class="form-row">
        <LabelledSelect id={selectId} label={t.admin.organisation} value={organisationId} onChange={setChosen}>
          {list.map((o) => (
            <option key={o.id} value={o.id}>
              {orgName(o, locale)}
            </option>
          ))}
        </LabelledSelect>
      </div>
      <div class="actions">
        <SubmitButton label={a.claim} busy={claim.busy} disabled={!organisationId} />
      </div>
      {organisations.error !== undefined ? <ErrorBox error={organisations.error} onRetry={organisations.reload} /> : null}
      {claim.error !== undefined ? <ErrorBox error={claim.error} /> : null}
      {claim.result ? <Notice>{a.claimed(claim.result.label, nameOf(claim.result.organisationId))}</Notice> : null}
    </form>
  );
}
