import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Documents from outside, any format: a limit of documents.limits reached. */
export const documentErrors = defineErrors('appliance/documents', {
  DOCUMENT_TOO_COMPLEX: {
    status: 422,
    zh: '文件过于复杂，无法安全打开：{limitName}超出上限 {maximum}（配置项 {setting}）。请向提供方索取正常导出的文件。',
    en: 'The document is too complex to open safely: its {limitName} exceeds the limit of {maximum} ({setting}). Ask for a normally exported copy.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/documents': typeof documentErrors;
  }
}
