import { PNG } from 'pngjs';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { MAX_SIZE, MIN_SIZE } from './spec.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const MAX_PNG_BYTES = 4 * 1024 * 1024;

export interface ImportedPng {
  png: Buffer;
  width: number;
  height: number;
}

function invalid(reason: string, reasonZh: string): SealdeskError {
  return new SealdeskError('SEAL_IMAGE_INVALID', { reason, reasonZh });
}

/**
 * Checks a PNG an administrator brings (a scanned or designed seal) before it is stored. The
 * dimensions are read from IHDR before decoding, so a small file that inflates to gigabytes is
 * refused unopened. It must have transparency: an opaque image would hide the text it stamps.
 */
export function importSealPng(bytes: Buffer): ImportedPng {
  if (bytes.length > MAX_PNG_BYTES) throw invalid(`the file has ${bytes.length} bytes; at most ${MAX_PNG_BYTES}`, `文件有 ${bytes.length} 字节，最多 ${MAX_PNG_BYTES} 字节`);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw invalid('the file is not a PNG', '文件不是 PNG 图片');
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  for (const [what, whatZh, value] of [['width', '宽度', width], ['height', '高度', height]] as const) {
    if (value < MIN_SIZE || value > MAX_SIZE) {
      throw invalid(`the ${what} is ${value} pixels; ${MIN_SIZE} to ${MAX_SIZE} allowed`, `图片${whatZh}为 ${value} 像素，须为 ${MIN_SIZE} 至 ${MAX_SIZE} 像素`);
    }
  }
  let decoded: ReturnType<typeof PNG.sync.read>;
  try {
    decoded = PNG.sync.read(bytes);
  } catch (error) {
    throw new SealdeskError('SEAL_IMAGE_INVALID', { reason: `the PNG is damaged: ${(error as Error).message}`, reasonZh: `PNG 文件已损坏：${(error as Error).message}` }, { cause: error });
  }
  let transparent = false;
  for (let i = 3; i < decoded.data.length && !transparent; i += 4) transparent = (decoded.data[i] as number) < 128;
  if (!transparent) throw invalid('it has no transparent background', '图片没有透明背景');
  return { png: bytes, width, height };
}
