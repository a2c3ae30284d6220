import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** PKCS#11 modules, slots, tokens, PINs, keys and certificates (mapped from CKR_ codes in ckr.ts). */
export const pkcs11Errors = defineErrors('drivers/pkcs11', {
  MODULE_NOT_FOUND: {
    status: 503,
    zh: '找不到 PKCS#11 模块 {module}，请检查 Ukey 驱动是否已安装。',
    en: 'PKCS#11 module {module} not found; check that the USB key driver is installed.',
  },
  MODULE_LOAD_FAILED: {
    status: 503,
    zh: 'PKCS#11 模块 {module} 无法加载：{reason}',
    en: 'PKCS#11 module {module} could not be loaded: {reason}',
  },
  SLOT_NOT_FOUND: { status: 404, zh: '找不到卡槽 {slot}。', en: 'Slot {slot} not found.' },
  TOKEN_NOT_PRESENT: {
    status: 503,
    zh: '未检测到 Ukey（{token}），请插入后重试。',
    en: 'The USB key ({token}) is not present; insert it and try again.',
  },
  TOKEN_AMBIGUOUS: {
    status: 409,
    zh: '有多个 Ukey 符合条件（{token}），请用 --slot 或 --token 指定一个。',
    en: 'More than one USB key matches ({token}); choose one with --slot or --token.',
  },
  TOKEN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 尚未初始化，请先由印章管理员初始化。',
    en: 'The USB key is not initialised; a seal administrator must initialise it first.',
  },
  TOKEN_WRITE_PROTECTED: { status: 409, zh: 'Ukey 处于写保护状态。', en: 'The USB key is write-protected.' },
  LOGIN_REQUIRED: {
    status: 401,
    zh: '请先输入 Ukey 口令登录。',
    en: 'Enter the USB key PIN to log in first.',
  },
  PIN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 的用户口令尚未设置，请印章管理员先设置（sealdesk token init-pin）。',
    en: 'The USB key has no user PIN yet; a seal administrator must set one (sealdesk token init-pin).',
  },
  PIN_INCORRECT: {
    status: 401,
    zh: '口令错误，还可尝试 {triesLeft} 次。',
    en: 'Wrong PIN; {triesLeft} tries left.',
  },
  PIN_LOCKED: {
    status: 423,
    zh: '口令已锁定，请印章管理员用管理员口令（SO PIN）解锁。',
    en: 'The PIN is locked; a seal administrator must unblock it with the SO PIN.',
  },
  PIN_POLICY: {
    status: 400,
    zh: '口令长度须在 {min} 到 {max} 位之间。',
    en: 'The PIN must be {min} to {max} characters long.',
  },
  PIN_CHECK_UNAVAILABLE: {
    status: 409,
    zh: 'Ukey {token} 无法在已登录状态下核对口令（不支持 HMAC），请印章管理员将其注销后重新登录。',
    en: 'USB key {token} cannot check a PIN while open (no HMAC support); a seal administrator must log it out, then log in again.',
  },
  KEY_NOT_FOUND: { status: 404, zh: 'Ukey 上找不到密钥 {key}。', en: 'Key {key} not found on the USB key.' },
  KEY_EXISTS: {
    status: 409,
    zh: 'Ukey 上已有名为 {key} 的密钥。',
    en: 'A key labelled {key} already exists on the USB key.',
  },
  MECHANISM_UNSUPPORTED: {
    status: 422,
    zh: '该 Ukey 不支持所需算法 {mechanism}。',
    en: 'The USB key does not support the mechanism {mechanism}.',
  },
  CERT_INVALID: { status: 400, zh: '证书无法解析：{reason}', en: 'The certificate cannot be parsed: {reason}' },
  CERT_KEY_MISMATCH: {
    status: 409,
    zh: '证书的公钥与密钥 {key} 不匹配。',
    en: 'The certificate does not belong to key {key}.',
  },
  SM2_PROFILE_MISSING: {
    status: 422,
    zh: 'Ukey（{token}）的 SM2 算法编号未知：sealdesk 没有该厂商的国密配置（已有：{profiles}），请在配置中指定 token.sm2Profile。',
    en: 'The SM2 numbering of the USB key ({token}) is unknown: sealdesk has no national-algorithm profile for its vendor (known: {profiles}); name one in token.sm2Profile.',
  },
  SM2_ID_UNSUPPORTED: {
    status: 422,
    zh: '该 Ukey（{profile}）在卡内计算 SM3 杂凑，只能使用默认的 SM2 用户标识，不能使用配置的 token.sm2Id（{id}）。',
    en: 'This USB key ({profile}) hashes on the key and can only use the default SM2 distinguishing ID, not the configured token.sm2Id ({id}).',
  },
  DEVICE_ERROR: {
    status: 502,
    zh: 'Ukey 设备出错（{reason}），请重新插拔后重试。',
    en: 'The USB key reported an error ({reason}); re-insert it and try again.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'drivers/pkcs11': typeof pkcs11Errors;
  }
}
