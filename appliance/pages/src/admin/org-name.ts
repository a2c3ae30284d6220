import type { OrganisationView } from '../api/client.js';
import type { Locale } from '../i18n/locale.js';

/** An organisation's name in the chosen language: its English name when it has one. */
export function orgName(organisation: OrganisationView, locale: Locale): string {
  return locale === 'en' && organisation.nameEn ? organisation.nameEn : organisation.name;
}
