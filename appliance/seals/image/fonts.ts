import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** Debian fonts-noto-cjk. Serif Bold stands in for the 宋体 of real seals; Sans Bold for the seal code digits. */
export const NOTO_DIR = '/usr/share/fonts/opentype/noto';
export const SEAL_FONTS = {
  serif: { family: 'Noto Serif CJK SC', file: 'NotoSerifCJK-Bold.ttc' },
  sans: { family: 'Noto Sans CJK SC', file: 'NotoSansCJK-Bold.ttc' },
} as const;

/**
 * The font files, checked to exist. They are named explicitly, never found through the system
 * font list, so that a seal looks the same on every terminal (and a missing package fails loudly
 * instead of rendering boxes). SEALDESK_FONT_DIR points elsewhere on other distributions.
 */
export function sealFontFiles(dir: string = process.env.SEALDESK_FONT_DIR || NOTO_DIR): string[] {
  const files = [join(dir, SEAL_FONTS.serif.file), join(dir, SEAL_FONTS.sans.file)];
  for (const file of files) if (!existsSync(file)) throw new SealdeskError('FONT_MISSING', { path: file });
  return files;
}
