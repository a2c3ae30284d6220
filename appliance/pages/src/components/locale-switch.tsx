import { useLocale } from '../i18n/locale.js';

/** One button: the other language, named in that language (on every page). */
export function LocaleSwitch() {
  const { locale, t, setLocale } = useLocale();
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button type="button" class="locale-switch" lang={other} title={t.switchToLabel} data-testid="locale-switch" onClick={() => setLocale(other)}>
      {t.switchTo}
    </button>
  );
}
