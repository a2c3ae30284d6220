import { useLocale } from '../i18n/locale.js';

/** A seal's status as a coloured word: green active, amber suspended, red revoked. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useLocale();
  return (
    <span class={`badge badge-${status}`} data-status={status}>
      {t.admin.seals.statusNames[status] ?? status}
    </span>
  );
}
