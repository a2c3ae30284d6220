import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** What verification finds beyond one signature: changes after signing. */
export const verificationErrors = defineErrors('appliance/verification', {
  CHANGE_NOT_ALLOWED: {
    status: 422,
    zh: '签名之后文件被做了不允许的修改（{reason}）。',
    en: 'The document was changed after signing in a way that is not allowed ({reason}).',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/verification': typeof verificationErrors;
  }
}
