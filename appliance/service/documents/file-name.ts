import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/**
 * The client's name for an uploaded file, kept only as a label (files are stored under ids we
 * choose). Still refused when it tries to name a place: a path separator, a parent or current
 * directory, a drive or absolute path, NUL or other control characters, or an absurd length.
 */
export function checkFileName(name: string | undefined): string {
  const fail = (reason: string, reasonZh: string): never => {
    throw new SealdeskError('FILE_NAME_INVALID', { reason, reasonZh });
  };
  if (name === undefined || name === '') return 'document.pdf';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) fail('control character in the name', '文件名中含有控制字符');
  if (name.includes('/') || name.includes('\\')) fail('a path, not a file name', '这是路径，不是文件名');
  if (/^[A-Za-z]:/.test(name)) fail('a drive path, not a file name', '这是带盘符的路径，不是文件名');
  if (name === '.' || name === '..' || name.startsWith('..')) fail('a parent or current directory', '不能是上级目录或当前目录');
  if (Buffer.byteLength(name, 'utf8') > 255) fail('longer than 255 bytes', '超过 255 字节');
  return name;
}
