import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { failureReason, group, ippRequest, isSuccess, list, printerLabel } from './ipp-request.js';

/** What a clerk or the appliance needs to know about a document printer before sending to it. */
export interface PrinterAttributes {
  readonly makeAndModel: string;
  /** RFC 8011 printer-state: idle, processing or stopped. */
  readonly state: string;
  /** e.g. ['none'], ['media-empty-error'] */
  readonly stateReasons: readonly string[];
  readonly documentFormats: readonly string[];
}

/** Get-Printer-Attributes, asking only for what PrinterAttributes holds. */
export async function getPrinterAttributes(printerUri: string, timeoutMs?: number): Promise<PrinterAttributes> {
  const response = await ippRequest(
    printerUri,
    'Get-Printer-Attributes',
    { 'requested-attributes': ['printer-make-and-model', 'printer-state', 'printer-state-reasons', 'document-format-supported'] },
    { timeoutMs },
  );
  if (!isSuccess(response)) {
    // an IPP server that will not describe the printer at this URI (e.g. a wrong path) is not that printer
    throw new SealdeskError('PRINTER_UNREACHABLE', { printer: printerLabel(printerUri) }, { cause: new Error(failureReason(response)) });
  }
  const attrs = group(response, 'printer-attributes-tag');
  return {
    makeAndModel: String(attrs['printer-make-and-model'] ?? ''),
    state: String(attrs['printer-state'] ?? 'unknown'),
    stateReasons: list(attrs['printer-state-reasons']),
    documentFormats: list(attrs['document-format-supported']),
  };
}
