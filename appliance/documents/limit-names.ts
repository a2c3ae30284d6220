import type { DocumentLimits } from './document-limits.js';

/** What each limit bounds, for the DOCUMENT_TOO_COMPLEX sentence a clerk reads. */
export const LIMIT_NAMES: Readonly<Record<keyof DocumentLimits | 'inflatedBytes', { en: string; zh: string }>> = {
  inflatedBytesPerStream: { en: 'decompressed size of one stream', zh: '单个数据流解压后的大小' },
  inflatedBytes: { en: 'decompressed size of the whole document', zh: '整个文件解压后的总大小' },
  inflatedBytesRatio: { en: 'decompressed size of the whole document', zh: '整个文件解压后的总大小' },
  inflatedBytesFloor: { en: 'decompressed size of the whole document', zh: '整个文件解压后的总大小' },
  objects: { en: 'number of objects', zh: '对象数量' },
  objectStreams: { en: 'number of object streams', zh: '对象流数量' },
  nestingDepth: { en: 'nesting depth of arrays and dictionaries (XML elements)', zh: '数组和字典（XML 元素）的嵌套层数' },
  pages: { en: 'number of pages', zh: '页数' },
  pageTreeDepth: { en: 'depth of the page tree', zh: '页面树的层数' },
  signatureFields: { en: 'number of signature fields', zh: '签名域数量' },
  signatureBytes: { en: 'size of one signature', zh: '单个签名的大小' },
  revisions: { en: 'number of revisions (cross-reference sections)', zh: '修订版本（交叉引用段）数量' },
  archiveEntries: { en: 'number of files in the package', zh: '文件包内的文件数量' },
  archiveEntryRatio: { en: 'compression ratio of one file in the package', zh: '文件包内单个文件的压缩比' },
};
