import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The document-format seam: a document in no format sealdesk can stamp. */
export const formatErrors = defineErrors('appliance/formats', {
  DOCUMENT_FORMAT_UNSUPPORTED: {
    status: 415,
    zh: '该文件不是可盖章的文档格式（支持：{formats}），请提供 {formats} 文件。',
    en: 'This file is not in a document format that can be stamped (supported: {formats}); provide a {formats} file.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/formats': typeof formatErrors;
  }
}
