import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The development seal CA. */
export const caErrors = defineErrors('appliance/ca', {
  CA_NOT_INITIALIZED: {
    status: 409,
    zh: '印章 CA 尚未初始化，请先运行 sealdesk ca init。',
    en: 'The seal CA is not initialised; run sealdesk ca init first.',
  },
  CA_EXISTS: {
    status: 409,
    zh: '印章 CA 已存在（{path}），不会覆盖。',
    en: 'A seal CA already exists ({path}); it is not overwritten.',
  },
  // issue 18 item 6: the CA's key on a token of its own, closed (the demo hall's layout)
  CA_LOGIN_REQUIRED: {
    status: 401,
    zh: '签发印章证书的 CA 令牌“{token}”未登录：请同时输入 CA 令牌的 PIN。',
    en: 'The CA token "{token}" that issues the seal certificate is not logged in: enter the CA token\'s PIN as well.',
  },
  CSR_INVALID: {
    status: 400,
    zh: '证书请求无效：{reason}',
    en: 'The certificate request is invalid: {reason}',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/ca': typeof caErrors;
  }
}
