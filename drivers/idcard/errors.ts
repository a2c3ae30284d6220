import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The ID-card reader: no card, a failed read, an ID number that does not check. */
export const idCardErrors = defineErrors('drivers/idcard', {
  NO_CARD: { status: 404, zh: '请将身份证放在读卡区。', en: 'Place the ID card on the reader.' },
  CARD_READ_FAILED: {
    status: 502,
    zh: '身份证读取失败，请重新放置后再试。',
    en: 'The ID card could not be read; place it again and retry.',
  },
  ID_NUMBER_INVALID: {
    status: 422,
    zh: '身份证号码校验失败。',
    en: 'The ID number failed its check.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'drivers/idcard': typeof idCardErrors;
  }
}
