import { Resvg } from '@resvg/resvg-js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { SEAL_FONTS, sealFontFiles } from './fonts.js';
import { ovalSealSvg } from './oval.js';
import { roundSealSvg } from './round.js';
import { DEFAULT_SIZE, MAX_SIZE, MIN_SIZE, SEAL_RED, type SealImageSpec } from './spec.js';
import { squareSealSvg } from './square.js';

function check(spec: SealImageSpec): number {
  const size = spec.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new SealdeskError('INPUT_INVALID', { reason: `the seal size is ${MIN_SIZE} to ${MAX_SIZE} pixels`, reasonZh: `印章尺寸须为 ${MIN_SIZE} 至 ${MAX_SIZE} 像素` });
  }
  const org = [...spec.organisation.trim()];
  if (!org.length || org.length > 40) throw new SealdeskError('INPUT_INVALID', { reason: 'the organisation name has 1 to 40 characters', reasonZh: '单位名称须为 1 至 40 个字' });
  if (spec.name !== undefined && [...spec.name].length > 16) throw new SealdeskError('INPUT_INVALID', { reason: 'the seal name has at most 16 characters', reasonZh: '印章名称最多 16 个字' });
  if (spec.code !== undefined && spec.code !== '' && !/^\d{13}$/.test(spec.code)) {
    throw new SealdeskError('INPUT_INVALID', { reason: 'the seal code has 13 digits', reasonZh: '印章编码须为 13 位数字' });
  }
  return size;
}

/** The seal as SVG (what the PNG is rendered from; also usable as a vector seal). */
export function sealSvg(spec: SealImageSpec): string {
  const size = check(spec);
  const color = spec.color ?? SEAL_RED;
  if (spec.shape === 'round') return roundSealSvg(spec, size, color);
  if (spec.shape === 'oval') return ovalSealSvg(spec, size, color);
  return squareSealSvg(spec, size, color);
}

/** The seal as a PNG with a transparent background; the same spec gives the same bytes. */
export function renderSealPng(spec: SealImageSpec): Buffer {
  const svg = sealSvg(spec);
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: sealFontFiles(), defaultFontFamily: SEAL_FONTS.serif.family },
    shapeRendering: 2,
    textRendering: 1,
  });
  return Buffer.from(resvg.render().asPng());
}
