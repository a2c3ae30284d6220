import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The document printer (IPP). */
export const docPrinterErrors = defineErrors('drivers/docprinter', {
  PRINTER_UNREACHABLE: {
    status: 503,
    zh: '无法连接打印机 {printer}。',
    en: 'The printer {printer} cannot be reached.',
  },
  PRINTER_REJECTED_JOB: {
    status: 502,
    zh: '打印机拒绝了打印任务：{reason}',
    en: 'The printer rejected the job: {reason}',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'drivers/docprinter': typeof docPrinterErrors;
  }
}
