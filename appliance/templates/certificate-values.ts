import { createHash } from 'node:crypto';
import { printedNames } from './block-texts.js';
import { chinaDateOf, chineseDate } from './chinese-date.js';
import { fieldInvalid, fieldMissing, fieldValues } from './field-values.js';
import type { CertificateHolder } from './holder.js';
import type { CertificateTemplate } from './template-schema.js';

export interface CertificateData {
  /** From the ID card (holderFromCard); only the fields the template declares are printed. */
  holder?: Partial<CertificateHolder>;
  /** The template's own fields, by name: text, YYYY-MM-DD dates, USCCs, choices. */
  fields?: Readonly<Record<string, string>>;
}

export interface CertificateOptions {
  /** The issue time: the date printed (in China Standard Time) and the PDF's dates. Same input and time → same bytes. */
  time: Date;
  /** The issuing organisation ({issuer}), usually the kiosk seal's organisation. */
  issuer?: string;
  /** The service's own numbering; default `<prefix>〔<year>〕<8 hex of a digest of the content>号`. */
  documentNumber?: string;
}

const ISSUER_LABEL = { zh: '出具单位', en: 'Issuing organisation' };

/**
 * Every placeholder's printed value. No value may contain the anchor text: stamping centres the
 * seal on its first occurrence, and an address containing 盖章处 must not move the seal.
 */
export function certificateValues(template: CertificateTemplate, data: CertificateData, options: CertificateOptions): Record<string, string> {
  const values = fieldValues(template, data.holder, data.fields);
  const issueDate = chinaDateOf(options.time);
  const issuer = options.issuer?.trim() ?? '';
  if (!issuer && printedNames(template).has('issuer')) throw fieldMissing('issuer', ISSUER_LABEL);
  const digest = createHash('sha256').update(JSON.stringify([template.id, values, issuer, options.time.toISOString()])).digest('hex');
  const system = {
    documentNumber: options.documentNumber ?? `${template.documentNumber.prefix}〔${issueDate.slice(0, 4)}〕${digest.slice(0, 8).toUpperCase()}号`,
    issueDate: chineseDate(issueDate),
    issuer,
  };
  const anchor = template.layout.blocks.find((b) => b.kind === 'anchor')?.text ?? '';
  const all: Record<string, string> = { ...values, ...system };
  const clash = Object.entries(all).find(([, value]) => anchor && value.includes(anchor));
  if (clash) {
    throw fieldInvalid(clash[0], { zh: clash[0], en: clash[0] }, `contains "${anchor}", the text that marks where the seal goes`, `含有标示盖章位置的文字“${anchor}”`);
  }
  return all;
}
