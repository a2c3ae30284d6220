import type { SignatureEntry } from './signature-entry.js';

export type ByteRangeResult =
  | { ok: true; coverage: 'whole-document' | 'appended-after'; appendedBytes: number; signedBytes: Buffer[] }
  | { ok: false; reason: string; reasonZh: string };

/**
 * A ByteRange is sound when it starts at 0, leaves out exactly the /Contents hex string
 * (`<` … `>`) and nothing else, and ends inside the file. Bytes after its end were appended
 * later (incremental updates): reported, judged by the caller.
 */
export function checkByteRange(file: Buffer, entry: SignatureEntry): ByteRangeResult {
  const [start, length1, offset2, length2] = entry.byteRange;
  if (![start, length1, offset2, length2].every((n) => Number.isSafeInteger(n) && n >= 0)) return { ok: false, reason: 'not four non-negative integers', reasonZh: '不是四个非负整数' };
  if (start !== 0) return { ok: false, reason: 'does not start at the first byte', reasonZh: '没有从文件的第一个字节开始' };
  if (offset2 <= length1) return { ok: false, reason: 'the two ranges overlap', reasonZh: '两段范围互相重叠' };
  const end = offset2 + length2;
  if (end > file.length) return { ok: false, reason: 'reaches past the end of the file', reasonZh: '超出了文件末尾' };
  if (file[length1] !== 0x3c || file[offset2 - 1] !== 0x3e) return { ok: false, reason: 'the gap is not the /Contents hex string', reasonZh: '两段之间的空隙不是 /Contents 十六进制串' };
  const gap = file.subarray(length1 + 1, offset2 - 1).toString('latin1');
  if (!/^[0-9A-Fa-f\s]*$/.test(gap)) return { ok: false, reason: 'the gap holds more than the /Contents hex string', reasonZh: '两段之间的空隙除 /Contents 十六进制串外还有其他内容' };
  return {
    ok: true,
    coverage: end === file.length ? 'whole-document' : 'appended-after',
    appendedBytes: file.length - end,
    signedBytes: [file.subarray(0, length1), file.subarray(offset2, end)],
  };
}
