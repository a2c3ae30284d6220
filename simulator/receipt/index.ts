export { startReceiptPrinter, type PrintedReceipt, type ReceiptPrinter, type ReceiptPrinterOptions } from './printer.js';
export type { PrinterCondition } from './printer-model.js';
export type { Align, Receipt, ReceiptElement, TextLine } from './receipt.js';
export { renderReceipt, type Placement } from './render-png.js';
export { statusByte } from './status.js';
