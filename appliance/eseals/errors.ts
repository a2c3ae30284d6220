import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** GB/T 38540 / GM/T 0031 electronic seals (SESeal) and stamps (SES_Signature) as bytes. */
export const esealErrors = defineErrors('appliance/eseals', {
  ESEAL_MALFORMED: {
    status: 422,
    zh: '电子印章数据（{structure}）格式错误：{reason}。',
    en: 'The electronic seal data ({structure}) is malformed: {reason}.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/eseals': typeof esealErrors;
  }
}
