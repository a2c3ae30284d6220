import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Licence records 电子证照. */
export const licenceErrors = defineErrors('appliance/licences', {
  LICENCE_CODE_INVALID: { status: 400, zh: '证照码格式不正确，请重新扫描。', en: 'The licence code is malformed; scan it again.' },
  LICENCE_NOT_FOUND: { status: 404, zh: '区块链上没有证照 {licence}。', en: 'Licence {licence} is not on the chain.' },
  LICENCE_KEY_MISMATCH: {
    status: 403,
    zh: '该密钥不属于证照 {licence} 的持有人，无法解密。',
    en: "This key is not the holder's key of licence {licence}; it cannot be decrypted.",
  },
  LICENCE_TAMPERED: {
    status: 422,
    zh: '证照 {licence} 的链上记录未通过完整性校验（{reason}），请勿采信。',
    en: 'The record of licence {licence} on the chain failed its integrity check ({reason}); do not rely on it.',
  },
  LICENCE_SHREDDED: {
    status: 410,
    zh: '该持证人的密钥已在本终端销毁，其证照记录无法再由本终端解密。',
    en: "This holder's key was destroyed on this terminal; their licence records can no longer be decrypted here.",
  },
  // the licence wrapping key on the terminal's token (issue 13, item 7)
  LICENCE_KEY_UNAVAILABLE: {
    status: 503,
    zh: '终端令牌 {token} 未打开或已拔出，无法使用电子证照加密密钥；请插入令牌并用口令打开后重试。',
    en: 'The licence wrapping key on the terminal token {token} is unavailable (token not open or not present); open the token with its PIN and try again.',
  },
  LICENCE_SUBJECT_UNKNOWN: { status: 404, zh: '本终端没有该持证人的密钥。', en: 'This terminal holds no key for this holder.' },
  LICENCE_SEAL_INVALID: {
    status: 422,
    zh: '签发证照时印章 {seal} 在区块链上的状态为 {status}，证照无效。',
    en: 'Seal {seal} was {status} on the chain when the licence was issued; the licence is not valid.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/licences': typeof licenceErrors;
  }
}
