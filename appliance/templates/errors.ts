import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Certificate templates (kiosk documents). */
export const templateErrors = defineErrors('appliance/templates', {
  TEMPLATE_NOT_FOUND: { status: 404, zh: '找不到证明模板 {template}。', en: 'Certificate template {template} not found.' },
  TEMPLATE_INVALID: {
    status: 422,
    zh: '证明模板 {template} 无效：{path} {reason}',
    en: 'Certificate template {template} is invalid: {path} {reason}',
  },
  TEMPLATE_BUILT_IN: {
    status: 409,
    zh: '证明模板 {template} 是内置模板，不能删除；可添加同一编号的模板来替换它。',
    en: 'Certificate template {template} is built in and cannot be removed; add a template with the same id to replace it.',
  },
  TEMPLATE_FIELD_MISSING: {
    status: 400,
    zh: '请填写“{label}”（{field}）。',
    en: 'Fill in “{labelEn}” ({field}).',
  },
  TEMPLATE_FIELD_INVALID: {
    status: 422,
    zh: '“{label}”（{field}）填写不正确：{reason}',
    en: '“{labelEn}” ({field}) is not valid: {reason}',
  },
  TEMPLATE_TEXT_OVERFLOW: {
    status: 422,
    zh: '填写的内容过长，超出了证明模板 {template} 的版面（{block}），请缩短后重试。',
    en: 'The text is too long for the layout of template {template} ({block}); shorten it and retry.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/templates': typeof templateErrors;
  }
}
