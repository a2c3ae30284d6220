import { createContext, type ComponentChildren } from 'preact';
import { useContext, useLayoutEffect, useState } from 'preact/hooks';
import { MESSAGES, type Messages } from './messages.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'sealdesk.locale';

/** The remembered locale (localStorage), zh-CN when none was chosen. */
export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

interface LocaleState {
  locale: Locale;
  t: Messages;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'zh-CN', t: MESSAGES['zh-CN'], setLocale: () => {} });

export function LocaleProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  // a layout effect, run in the same commit as the new texts: with a (deferred) effect the page
  // could be read, by a screen reader or a test, in English while it still says lang="zh-CN"
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = (next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setLocaleState(next);
  };
  return <LocaleContext.Provider value={{ locale, t: MESSAGES[locale], setLocale }}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}
