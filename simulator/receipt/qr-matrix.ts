import QRCode from 'qrcode';

/**
 * The dark/light modules of the QR symbol a printer would print for these bytes. The printer
 * picks the smallest version that fits, as ESC/POS printers do with GS ( k.
 */
export function qrMatrix(data: string, level: 'L' | 'M' | 'Q' | 'H'): { size: number; dark(row: number, col: number): boolean } {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: level });
  return { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}
