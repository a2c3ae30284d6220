import { adminApi, type SlotView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { TokenClaimForm } from './token-claim-form.js';
import { TokenKeys } from './token-keys.js';
import { TokenPinForm } from './token-pin-form.js';

type Token = NonNullable<SlotView['token']>;

/** One initialised token's administration: its organisation (claim), its keys, key generation, and the PIN operations. */
export function TokenAdmin({ token, onChanged }: { token: Token; onChanged(): void }) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const titleId = `token-admin-${token.serial}`;
  return (
    <section class="token-admin" aria-labelledby={titleId} data-testid="token-admin" data-serial={token.serial}>
      <h3 id={titleId}>{a.admin(token.label)}</h3>
      <TokenClaimForm token={token} onDone={onChanged} />
      <TokenKeys serial={token.serial} label={token.label} loggedIn={token.loggedIn} />
      <h4>{a.userPin}</h4>
      <TokenPinForm title={a.changePin} firstLabel={a.userPin} testId="pin-change" send={(p, n) => adminApi.changePin(token.serial, p, n)} onDone={onChanged} />
      <TokenPinForm title={a.initPin} firstLabel={a.soPin} testId="pin-init" send={(p, n) => adminApi.initUserPin(token.serial, p, n)} onDone={onChanged} />
      <TokenPinForm title={a.unblock} firstLabel={a.soPin} testId="pin-unblock" send={(p, n) => adminApi.unblockPin(token.serial, p, n)} onDone={onChanged} />
    </section>
  );
}
