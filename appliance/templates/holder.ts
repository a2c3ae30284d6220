import type { IdNumber } from '../../drivers/idcard/id-number.js';
import type { IdCardText } from '../../drivers/idcard/text-block.js';
import type { HolderField } from './template-schema.js';

/** The certificate holder, as the ID card reader gives it (or the clerk types it for a preview). */
export interface CertificateHolder {
  name: string;
  sex: 'male' | 'female';
  /** As on the card, without 族 (汉, 蒙古, …). */
  ethnicity: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string;
  /** Kept as the driver's log-safe IdNumber when it comes from the card; revealed only onto the page. */
  idNumber: string | IdNumber;
}

export const HOLDER_LABELS: Readonly<Record<HolderField, { zh: string; en: string }>> = {
  name: { zh: '姓名', en: 'Name' },
  sex: { zh: '性别', en: 'Sex' },
  ethnicity: { zh: '民族', en: 'Ethnicity' },
  birthDate: { zh: '出生日期', en: 'Date of birth' },
  address: { zh: '住址', en: 'Address' },
  idNumber: { zh: '公民身份号码', en: 'ID number' },
};

export function holderFromCard(card: IdCardText): CertificateHolder {
  return { name: card.name, sex: card.sex, ethnicity: card.nation.name, birthDate: card.birthDate, address: card.address, idNumber: card.idNumber };
}
