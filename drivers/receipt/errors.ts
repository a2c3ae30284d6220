import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The receipt printer (ESC/POS) as its status bytes report it. */
export const receiptErrors = defineErrors('drivers/receipt', {
  PRINTER_PAPER_OUT: {
    status: 503,
    zh: '打印机缺纸，请装纸后继续。',
    en: 'The printer is out of paper; load paper to continue.',
  },
  PRINTER_COVER_OPEN: {
    status: 503,
    zh: '打印机上盖打开，请合上后继续。',
    en: 'The printer cover is open; close it to continue.',
  },
  PRINTER_OFFLINE: { status: 503, zh: '打印机离线。', en: 'The printer is offline.' },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'drivers/receipt': typeof receiptErrors;
  }
}
