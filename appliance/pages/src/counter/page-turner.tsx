import { useLocale } from '../i18n/locale.js';
import type { SealPosition } from './seal-handle.js';

/** The previous/next page buttons above a stage (PDF or OFD), the seal keeping its place on the new page. */
export function PageTurner({ value, pages, onChange }: { value: SealPosition; pages: number; onChange(value: SealPosition): void }) {
  const { t } = useLocale();
  return (
    <div class="flow-row">
      <button type="button" class="small" disabled={value.page <= 1} onClick={() => onChange({ ...value, page: Math.min(value.page - 1, pages) })}>
        {t.counter.previousPage}
      </button>
      <span aria-live="polite">{t.counter.pageOf(value.page, pages)}</span>
      <button type="button" class="small" disabled={value.page >= pages} onClick={() => onChange({ ...value, page: Math.max(value.page + 1, 1) })}>
        {t.counter.nextPage}
      </button>
    </div>
  );
}
