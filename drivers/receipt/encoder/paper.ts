import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** GS V 65 n: feed n lines' worth of paper past the cutter, then cut (partial cut). */
export function feedAndCut(lines = 3): Uint8Array {
  if (!Number.isInteger(lines) || lines < 0 || lines > 255) {
    throw new SealdeskError('INPUT_INVALID', { reason: `feed before cut must be 0 to 255, got ${lines}`, reasonZh: `切纸前走纸行数须为 0 至 255，实际为 ${lines}` });
  }
  return Uint8Array.of(0x1d, 0x56, 0x41, lines);
}

/** GS V 0: cut at the current position, without feeding. */
export function cut(): Uint8Array {
  return Uint8Array.of(0x1d, 0x56, 0x00);
}
