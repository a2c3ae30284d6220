import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** A stamp request that cannot be placed as asked. */
export const stampingErrors = defineErrors('appliance/stamping', {
  SIGNATURE_FIELD_NOT_FOUND: {
    status: 404,
    zh: '文件中没有名为“{field}”的空白签章域。',
    en: 'The document has no empty signature field named "{field}".',
  },
  TSA_REQUIRED: {
    status: 400,
    zh: '{level} 级别需要时间戳服务地址（--tsa）。',
    en: 'Level {level} needs a timestamp authority (--tsa URL).',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/stamping': typeof stampingErrors;
  }
}
