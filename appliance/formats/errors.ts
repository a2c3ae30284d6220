import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The document-format seam: a document in no format sealdesk can stamp; each format's own refusals (OFD's, GB/T 33190/38540, below). */
export const formatErrors = defineErrors('appliance/formats', {
  DOCUMENT_FORMAT_UNSUPPORTED: {
    status: 415,
    zh: '该文件不是可盖章的文档格式（支持：{formats}），请提供 {formats} 文件。',
    en: 'This file is not in a document format that can be stamped (supported: {formats}); provide a {formats} file.',
  },
  // OFD (formats/ofd): a package that cannot be read, stamped or checked, each named in its own words
  OFD_MALFORMED: {
    status: 422,
    zh: 'OFD 文件已损坏或不是 OFD（{reason}），请重新导出后再试。',
    en: 'The OFD is damaged or not an OFD ({reason}); export it again and retry.',
  },
  OFD_ENTRY_NAME_INVALID: {
    status: 422,
    zh: 'OFD 包内的文件名不安全（{name}：{reason}），已拒绝打开。请向提供方索取正常导出的文件。',
    en: 'A file name inside the OFD package is unsafe ({name}: {reason}); it was refused. Ask for a normally exported copy.',
  },
  OFD_XML_REFUSED: {
    status: 422,
    zh: 'OFD 包内的 XML 文件 {file} 含有不允许的内容（{reason}），已拒绝打开。',
    en: 'The XML file {file} in the OFD package holds what is not allowed ({reason}); it was refused.',
  },
  OFD_ESEAL_REQUIRED: {
    status: 409,
    zh: '该印章没有 GB/T 38540 电子印章数据，不能在 OFD 文件上盖章。请先制作国标电子印章（seal create --format gbt38540）。',
    en: 'This seal has no GB/T 38540 e-seal, so it cannot stamp an OFD. Make one first (seal create --format gbt38540).',
  },
  OFD_SIGNER_NOT_SM2: {
    status: 409,
    zh: 'OFD 电子签章须用 SM2 密钥签名，该印章的密钥算法为 {algorithm}。',
    en: 'An OFD e-seal signature needs an SM2 key; this seal signs with {algorithm}.',
  },
  OFD_SIGNATURES_PROTECTED: {
    status: 409,
    zh: '文件中已有的签名 {signature} 保护了签名列表 {file}，再加盖印章会使它失效，因此未盖章。',
    en: 'The signature {signature} already in the document protects the signature list {file}; adding a seal would invalidate it, so nothing was stamped.',
  },
  OFD_REFERENCE_MISMATCH: {
    status: 422,
    zh: '签名保护的文件 {file} 已被修改（SM3 摘要不符），签名无效。',
    en: 'The file {file} that the signature protects was changed (its SM3 digest differs); the signature is invalid.',
  },
  OFD_REFERENCE_MISSING: {
    status: 422,
    zh: '签名保护的文件 {file} 不在 OFD 包中，签名无效。',
    en: 'The file {file} that the signature protects is missing from the OFD package; the signature is invalid.',
  },
  OFD_CHECK_METHOD_UNSUPPORTED: {
    status: 422,
    zh: '签名用 {method} 计算文件摘要，本系统只核验 SM3（1.2.156.10197.1.401）。',
    en: 'The signature digests its files with {method}; sealdesk checks only SM3 (1.2.156.10197.1.401).',
  },
  OFD_SIGNATURE_UNREADABLE: {
    status: 422,
    zh: '签名 {signature} 无法读取（{reason}）。',
    en: 'The signature {signature} cannot be read ({reason}).',
  },
  OFD_SIGNATURE_TYPE_UNSUPPORTED: {
    status: 422,
    zh: '签名 {signature} 的类型为 {type}（{reason}），本系统只核验 GB/T 38540 电子签章。',
    en: 'The signature {signature} is of type {type} ({reason}); sealdesk checks GB/T 38540 e-seal signatures only.',
  },
  OFD_DATA_HASH_MISMATCH: {
    status: 422,
    zh: '签名描述文件 {file} 已被修改（与签名值中的摘要不符），签名无效。',
    en: 'The signature description {file} was changed (it no longer matches the hash in the signed value); the signature is invalid.',
  },
  OFD_SIGNATURE_INVALID: {
    status: 422,
    zh: '签名值 {file} 的 SM2 签名核验失败，签名无效。',
    en: 'The SM2 signature in {file} does not verify; the signature is invalid.',
  },
  OFD_SEAL_INVALID: {
    status: 422,
    zh: '电子印章“{seal}”不可信：{reason}。',
    en: 'The e-seal "{seal}" cannot be trusted: {reason}.',
  },
  // ofdpages: the service draws a page preview (SVG) for OFD only; a PDF is drawn by the page's own pdf.js
  PAGE_PREVIEW_UNSUPPORTED: {
    status: 415,
    zh: '服务端只为 OFD 文件绘制页面预览；{format} 文件由浏览器直接显示。',
    en: 'The service draws page previews for OFD files only; a {format} file is shown by the browser itself.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/formats': typeof formatErrors;
  }
}
