import { useLocale } from '../i18n/locale.js';

/** A section's heading with its refresh button. */
export function SectionHead({ title, id, onRefresh }: { title: string; id: string; onRefresh?: () => void }) {
  const { t } = useLocale();
  return (
    <div class="panel-head">
      <h2 id={id}>{title}</h2>
      {onRefresh ? (
        <button type="button" class="small" onClick={onRefresh}>
          {t.admin.refresh}
        </button>
      ) : null}
    </div>
  );
}
