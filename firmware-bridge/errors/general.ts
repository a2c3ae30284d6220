import { defineErrors } from './catalogue.js';

/** What any layer may meet: usage, configuration, input, files, and the catch-all INTERNAL. */
export const generalErrors = defineErrors('general', {
  USAGE: { status: 400, zh: '命令用法不正确：{reason}', en: 'Wrong usage: {reason}' },
  CONFIG_INVALID: { status: 500, zh: '配置无效：{reason}', en: 'The configuration is invalid: {reason}' },
  INPUT_INVALID: { status: 400, zh: '输入无效：{reason}', en: 'The input is invalid: {reason}' },
  FILE_NOT_FOUND: { status: 404, zh: '找不到文件：{path}', en: 'File not found: {path}' },
  OUTPUT_NOT_WRITABLE: {
    status: 409,
    zh: '无法写入输出文件 {path}（{reason}），请检查目录是否存在、可写且有足够空间。',
    en: 'The output file {path} cannot be written ({reason}); check that its folder exists, is writable and has space.',
  },
  INTERNAL: { status: 500, zh: '内部错误，请联系管理员。', en: 'Internal error; please call the administrator.' },
});

declare module './catalogue.js' {
  interface ErrorCatalogue {
    'general': typeof generalErrors;
  }
}
