import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { CertificateTemplate } from '../../templates/index.js';

/**
 * The kiosk issues PDFs: its stamp jobs, document store and printers take PDF. A template that
 * asks for another format (OFD) is refused before anything is rendered, stamped or printed,
 * rather than issued silently as a PDF the template did not ask for.
 */
export function checkKioskFormat(template: CertificateTemplate): void {
  const format = template.format ?? 'pdf';
  if (format !== 'pdf') throw new SealdeskError('KIOSK_FORMAT_UNSUPPORTED', { template: template.title.zh, format: format.toUpperCase() });
}
