import { useEffect, useRef } from 'preact/hooks';
import { useLocale } from '../i18n/locale.js';

/** The question before a final revocation: focus moves to it, cancelling is the other button. */
export function RevokeConfirm({ name, onConfirm, onCancel }: { name: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useLocale();
  const s = t.admin.seals;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div class="confirm-box" role="alertdialog" aria-labelledby="revoke-question" tabIndex={-1} ref={box} data-testid="revoke-confirm">
      <p id="revoke-question">{s.revokeConfirm(name)}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm}>
          {s.revokeYes}
        </button>
        <button type="button" onClick={onCancel}>
          {t.admin.cancel}
        </button>
      </div>
    </div>
  );
}
