import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** ESC @: reset the printer's modes (bold, size, alignment) to power-on defaults. */
export function init(): Uint8Array {
  return Uint8Array.of(0x1b, 0x40);
}

/** ESC E n: emphasised (bold) on or off. */
export function bold(on: boolean): Uint8Array {
  return Uint8Array.of(0x1b, 0x45, on ? 1 : 0);
}

export type Alignment = 'left' | 'centre' | 'right';

const alignCode: Record<Alignment, number> = { left: 0, centre: 1, right: 2 };

/** ESC a n: alignment of the lines that follow. */
export function align(alignment: Alignment): Uint8Array {
  return Uint8Array.of(0x1b, 0x61, alignCode[alignment]);
}

/**
 * GS ! n: character size as width and height multipliers 1–8; the high nibble is width − 1,
 * the low nibble height − 1.
 */
export function size(width: number, height: number = width): Uint8Array {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 8) {
      throw new SealdeskError('INPUT_INVALID', { reason: `character ${name} must be 1 to 8, got ${value}`, reasonZh: `字符${name === 'width' ? '宽度' : '高度'}倍数须为 1 至 8，实际为 ${value}` });
    }
  }
  return Uint8Array.of(0x1d, 0x21, ((width - 1) << 4) | (height - 1));
}
