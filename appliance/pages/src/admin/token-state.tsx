import type { SlotView } from '../api/client.js';
import { Dot } from '../components/state-panel.js';
import { useLocale } from '../i18n/locale.js';

/** A token's state at a glance: pulled, not initialised, PIN locked, signed in, or present. */
export function TokenState({ slot }: { slot: SlotView }) {
  const { t } = useLocale();
  const s = t.shell;
  const token = slot.token;
  if (!slot.present || !token) return <Dot ok={false} label={s.absent} />;
  if (!token.flags.initialized) return <Dot ok={false} label={s.notInitialised} />;
  if (token.flags.userPinLocked) return <Dot ok={false} label={s.pinLocked} />;
  if (token.loggedIn) return <Dot ok label={s.loggedIn} />;
  return <Dot ok label={token.flags.userPinCountLow || token.flags.userPinFinalTry ? s.pinLow : s.present} />;
}
