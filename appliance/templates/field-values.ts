import { idNumberProblem, idNumberProblemZh } from '../../drivers/idcard/id-number.js';
import { SealdeskError, isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { maskIdNumber } from '../devices/masked-card.js';
import { parseUscc } from '../directory/uscc.js';
import { chineseDate, isIsoDate } from './chinese-date.js';
import { HOLDER_LABELS, type CertificateHolder } from './holder.js';
import type { CertificateTemplate, HolderField, TemplateField } from './template-schema.js';

type Label = { zh: string; en: string };

export function fieldMissing(field: string, label: Label): SealdeskError {
  return new SealdeskError('TEMPLATE_FIELD_MISSING', { field, label: label.zh, labelEn: label.en });
}

/** `reason` in English for the log and the English sentence, `reasonZh` for the Chinese one. */
export function fieldInvalid(field: string, label: Label, reason: string, reasonZh: string): SealdeskError {
  return new SealdeskError('TEMPLATE_FIELD_INVALID', { field, label: label.zh, labelEn: label.en, reason, reasonZh });
}

const DEFAULT_MAX_LENGTH = 100;
const HOLDER_MAX_LENGTH: Partial<Record<HolderField, number>> = { name: 30, ethnicity: 10, address: 100 };

/** One line of plain text: trimmed, no control characters (a newline would break the layout). */
function plainText(value: string, field: string, label: Label, maxLength: number): string {
  const text = value.trim();
  if (/\p{Cc}/u.test(text)) throw fieldInvalid(field, label, 'contains a control character (e.g. a line break)', '含有控制字符（如换行）');
  if ([...text].length > maxLength) throw fieldInvalid(field, label, `longer than ${maxLength} characters`, `超过 ${maxLength} 个字`);
  return text;
}

/** The printed form of one ID-card field. Reasons never repeat the value: it may be a name or an ID number. */
function holderValue(template: CertificateTemplate, holder: Partial<CertificateHolder>, field: HolderField): string {
  const label = HOLDER_LABELS[field];
  const raw = holder[field];
  const value = typeof raw === 'object' ? raw.reveal() : raw?.trim();
  if (!value) throw fieldMissing(field, label);
  switch (field) {
    case 'sex':
      if (value === 'male' || value === '男') return '男';
      if (value === 'female' || value === '女') return '女';
      throw fieldInvalid(field, label, 'must be male or female', '只能填“男”或“女”');
    case 'ethnicity': {
      const name = plainText(value, field, label, HOLDER_MAX_LENGTH.ethnicity!);
      return name.endsWith('族') ? name : `${name}族`;
    }
    case 'birthDate':
      if (!isIsoDate(value)) throw fieldInvalid(field, label, 'is not a date YYYY-MM-DD', '不是 YYYY-MM-DD 格式的日期');
      return chineseDate(value);
    case 'idNumber': {
      const number = value.toUpperCase();
      const problem = idNumberProblem(number);
      if (problem) throw fieldInvalid(field, label, `fails GB 11643 (${problem})`, `未通过 GB 11643 校验（${idNumberProblemZh(problem)}）`);
      return template.holder.idNumber === 'full' ? number : maskIdNumber(number);
    }
    default:
      return plainText(value, field, label, HOLDER_MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH);
  }
}

function filledValue(field: TemplateField, given: string | undefined): string {
  const value = given?.trim() || field.default;
  if (!value) {
    if (field.required ?? true) throw fieldMissing(field.name, field.label);
    return '';
  }
  switch (field.kind) {
    case 'date':
      if (!isIsoDate(value)) throw fieldInvalid(field.name, field.label, 'is not a date YYYY-MM-DD', '不是 YYYY-MM-DD 格式的日期');
      return chineseDate(value);
    case 'uscc':
      try {
        return parseUscc(value).code;
      } catch (error) {
        if (isSealdeskError(error, 'USCC_INVALID')) throw fieldInvalid(field.name, field.label, String(error.details.reason), String(error.details.reasonZh ?? error.details.reason));
        throw error;
      }
    case 'choice':
      if (!field.options?.includes(value)) throw fieldInvalid(field.name, field.label, `must be one of ${field.options?.join(' / ')}`, `只能是 ${field.options?.join(' / ')} 之一`);
      return value;
    default:
      return plainText(value, field.name, field.label, field.maxLength ?? DEFAULT_MAX_LENGTH);
  }
}

/**
 * The printed values of the holder's fields the template declares and of its own fields, keyed
 * by placeholder name. Values for names the template does not have are refused, not ignored: a
 * kiosk page sending `residenceAdress` should learn so instead of printing a certificate without it.
 */
export function fieldValues(template: CertificateTemplate, holder: Partial<CertificateHolder> | undefined, fields: Readonly<Record<string, string>> = {}): Record<string, string> {
  const declared = new Map(template.fields.map((f) => [f.name, f]));
  const unknown = Object.keys(fields).find((name) => !declared.has(name));
  if (unknown !== undefined) throw fieldInvalid(unknown, { zh: unknown, en: unknown }, `not a field of template ${template.id}`, `不是模板 ${template.id} 的字段`);
  const values: Record<string, string> = {};
  for (const name of template.holder.fields) values[name] = holderValue(template, holder ?? {}, name);
  for (const field of template.fields) values[field.name] = filledValue(field, fields[field.name]);
  return values;
}
