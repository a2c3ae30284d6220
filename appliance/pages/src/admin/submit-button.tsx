import { useLocale } from '../i18n/locale.js';

interface SubmitButtonProps {
  label: string;
  /** The form's action is running: the button is disabled and says so. */
  busy: boolean;
  /** Disabled for another reason too (nothing chosen yet). */
  disabled?: boolean;
  /** A small button in a table row or panel; otherwise the form's primary one. */
  small?: boolean;
}

/** The submit button of an admin form. */
export function SubmitButton({ label, busy, disabled = false, small = false }: SubmitButtonProps) {
  const { t } = useLocale();
  return (
    <button type="submit" class={small ? 'small' : 'primary'} disabled={busy || disabled}>
      {busy ? t.admin.working : label}
    </button>
  );
}
