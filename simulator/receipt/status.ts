import type { PrinterCondition } from './printer-model.js';

/**
 * The one byte DLE EOT n answers (Epson ESC/POS; bits 1 and 4 are always set, hence 0x12 for
 * "all clear"). A printer with its cover open or out of paper is also offline (n=1 bit 3).
 */
export function statusByte(n: number, c: PrinterCondition): number | undefined {
  const base = 0x12;
  switch (n) {
    case 1:
      return base | (c.offline || c.coverOpen || c.paper === 'out' ? 0x08 : 0);
    case 2:
      return base | (c.coverOpen ? 0x04 : 0) | (c.paper === 'out' ? 0x20 : 0);
    case 3:
      return base; // no cutter, unrecoverable or auto-recoverable error is simulated
    case 4:
      return base | (c.paper === 'near-end' ? 0x0c : 0) | (c.paper === 'out' ? 0x60 : 0);
    default:
      return undefined; // a real printer ignores other n
  }
}
