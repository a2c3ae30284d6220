import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Operators, sessions, sign-in, organisations and the operator-held PIN tries. */
export const directoryErrors = defineErrors('appliance/directory', {
  OPERATOR_SELF_CHANGE: {
    status: 409,
    zh: '不能更改自己的账户（角色、停用或口令），请由另一位管理员操作。',
    en: 'You cannot change your own account (role, disabling or password); ask another administrator.',
  },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录。', en: 'Your session has expired; sign in again.' },
  SIGN_IN_FAILED: {
    status: 401,
    zh: '用户名或密码错误，请重新输入。',
    en: 'The username or password is wrong; type them again.',
  },
  SIGN_IN_THROTTLED: {
    status: 429,
    zh: '登录失败次数过多，请在 {retryAfter} 秒后重试。',
    en: 'Too many failed sign-ins; try again in {retryAfter} seconds.',
  },
  ORGANISATION_NOT_FOUND: { status: 404, zh: '找不到单位 {organisation}。', en: 'Organisation {organisation} not found.' },
  ORGANISATION_INVALID: { status: 400, zh: '单位信息无效：{reason}', en: 'The organisation is invalid: {reason}' },
  OPERATOR_NOT_FOUND: { status: 404, zh: '找不到操作员 {operator}。', en: 'Operator {operator} not found.' },
  OPERATOR_EXISTS: {
    status: 409,
    zh: '该用户名已被使用，请换一个用户名。',
    en: 'This username is already taken; choose another one.',
  },
  PASSWORD_POLICY: {
    status: 400,
    zh: '密码至少需要 {minLength} 个字符，且不能包含用户名，请换一个密码。',
    en: 'A password needs at least {minLength} characters and must not contain the username; choose another.',
  },
  PIN_OPERATOR_LOCKED: {
    status: 423,
    zh: '您在此 Ukey 上输错口令次数过多，已不能再试；请印章管理员用管理员口令（SO PIN）解锁。',
    en: 'You entered too many wrong PINs for this USB key and may not try again; a seal administrator must unblock it with the SO PIN.',
  },
  USCC_INVALID: {
    status: 422,
    zh: '统一社会信用代码无效：{reason}',
    en: 'The Unified Social Credit Code is invalid: {reason}',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  FORBIDDEN: { status: 403, zh: '您的角色或所属机构无权执行此操作。', en: 'Your role or organisation may not do this.' },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/directory': typeof directoryErrors;
  }
}
