import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** PDF files: parsing, encryption, pages, anchors and the room kept for a signature. */
export const pdfErrors = defineErrors('appliance/pdf', {
  PDF_MALFORMED: {
    status: 422,
    zh: 'PDF 文件已损坏或不是 PDF（{reason}），请重新导出后再试。',
    en: 'The PDF is damaged or not a PDF ({reason}); export it again and retry.',
  },
  PDF_ENCRYPTED: {
    status: 422,
    zh: 'PDF 文件已加密，无法盖章，请提供未加密的文件。',
    en: 'The PDF is encrypted and cannot be stamped; provide an unencrypted file.',
  },
  DOC_LOCKED: {
    status: 409,
    zh: '该文件已被认证签名锁定（不允许任何修改），不能再盖章。',
    en: 'The document is certified with "no changes allowed"; it cannot be stamped.',
  },
  PAGE_OUT_OF_RANGE: {
    status: 400,
    zh: '页码 {page} 超出范围，该文件共 {pageCount} 页。',
    en: 'Page {page} is out of range; the document has {pageCount} pages.',
  },
  ANCHOR_TEXT_NOT_FOUND: {
    status: 404,
    zh: '在文件中找不到盖章位置文字“{text}”。',
    en: 'The anchor text "{text}" was not found in the document.',
  },
  SIGNATURE_TOO_LARGE: {
    status: 500,
    zh: '签名数据（{size} 字节）超出预留空间（{room} 字节）。',
    en: 'The signature ({size} bytes) does not fit the reserved space ({room} bytes).',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/pdf': typeof pdfErrors;
  }
}
