import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Seals, their status and their images. */
export const sealErrors = defineErrors('appliance/seals', {
  SEAL_NOT_FOUND: { status: 404, zh: '找不到印章 {seal}。', en: 'Seal {seal} not found.' },
  SEAL_EXISTS: {
    status: 409,
    zh: '印章已存在：{seal}。',
    en: 'The seal already exists: {seal}.',
  },
  SEAL_REVOKED: {
    status: 410,
    zh: '印章 {seal} 已注销，不能再使用。',
    en: 'Seal {seal} has been revoked and can no longer be used.',
  },
  SEAL_SUSPENDED: {
    status: 423,
    zh: '印章 {seal} 已暂停使用，请联系印章管理员恢复。',
    en: 'Seal {seal} is suspended; ask the seal administrator to resume it.',
  },
  SEAL_NOT_VALID: {
    status: 409,
    zh: '印章 {seal} 不在有效期内（{notBefore} 至 {notAfter}）。',
    en: 'Seal {seal} is outside its validity ({notBefore} to {notAfter}).',
  },
  SEAL_IMAGE_INVALID: {
    status: 422,
    zh: '印章图片不可用：{reason}',
    en: 'The seal image cannot be used: {reason}',
  },
  SEAL_NO_ESEAL: {
    status: 404,
    zh: '印章 {seal} 没有国标电子印章（GB/T 38540）：它不是用 --format gbt38540 创建的。',
    en: 'Seal {seal} has no GB/T 38540 e-seal: it was not created with --format gbt38540.',
  },
  FONT_MISSING: {
    status: 500,
    zh: '缺少印章字体 {path}，请安装 fonts-noto-cjk。',
    en: 'The seal font {path} is missing; install fonts-noto-cjk.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/seals': typeof sealErrors;
  }
}
