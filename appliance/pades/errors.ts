import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** CMS / PAdES signatures, timestamps and their verification. */
export const padesErrors = defineErrors('appliance/pades', {
  TSA_UNREACHABLE: {
    status: 503,
    zh: '无法连接时间戳服务器 {url}，请检查网络后重试，或改用不带时间戳的签章级别。',
    en: 'The timestamp server {url} cannot be reached; check the network and retry, or stamp without a timestamp.',
  },
  TSA_REJECTED: {
    status: 502,
    zh: '时间戳服务器拒绝了请求或返回了无效应答：{reason}',
    en: 'The timestamp server refused the request or answered wrongly: {reason}',
  },
  CMS_MALFORMED: {
    status: 422,
    zh: '签名数据无法解析或不符合 PAdES 要求：{reason}',
    en: 'The signature data cannot be parsed or breaks the PAdES rules: {reason}',
  },
  BYTE_RANGE_INVALID: {
    status: 422,
    zh: '签名覆盖范围不正确：{reason}',
    en: 'The signed byte range is wrong: {reason}',
  },
  DIGEST_MISMATCH: {
    status: 422,
    zh: '文件在签章后被修改过（摘要不一致）。',
    en: 'The document was changed after it was signed (digest mismatch).',
  },
  SIGNATURE_INVALID: {
    status: 422,
    zh: '签名值验证失败：签名不是由该证书的密钥做出的，或已被篡改。',
    en: 'The signature value does not verify: it was not made by the certificate’s key, or it was altered.',
  },
  SIGNING_CERT_MISMATCH: {
    status: 422,
    zh: '签名中声明的签章证书与实际证书不一致。',
    en: 'The signing certificate named in the signature is not the certificate that signed.',
  },
  CERT_UNTRUSTED: {
    status: 422,
    zh: '证书 {subject} 无法链接到受信任的根证书。',
    en: 'Certificate {subject} does not chain up to a trusted root.',
  },
  CERT_NOT_VALID_AT_TIME: {
    status: 422,
    zh: '证书 {subject} 在签章时间 {time} 不在有效期内。',
    en: 'Certificate {subject} was not valid at the signing time {time}.',
  },
  CERT_REVOKED: {
    status: 422,
    zh: '证书 {subject} 已于 {time} 被吊销。',
    en: 'Certificate {subject} was revoked on {time}.',
  },
  TIMESTAMP_INVALID: {
    status: 422,
    zh: '时间戳无效：{reason}',
    en: 'The timestamp is invalid: {reason}',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/pades': typeof padesErrors;
  }
}
